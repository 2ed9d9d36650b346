package org.thatdam.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thatdam.search.TestAssets.asset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.thatdam.model.DamException;

class SearchIndexTest {

    @TempDir
    Path tmp;

    SearchIndex index;

    /** A small library with one asset per interesting case. */
    static List<IndexedAsset> library() {
        return List.of(
                asset(1, "/footage/misc/vtest.avi").batch("Old Stuff").codecs("msmpeg4v3", "mp3").container("avi")
                        .size(640, 480).duration(5.3).created("2019-05-01T10:00:00Z").bytes(300_000).build(),
                asset(2, "/footage/sunset/clip001.mov").batch("Trips").container("mov").duration(120.0)
                        .created("2024-03-01T09:00:00Z").bytes(50_000_000).build(),
                asset(3, "/footage/misc/sunset.mov").batch("Trips").codecs("hevc", "aac").container("mov").size(3840, 2160)
                        .duration(45.0).created("2024-06-15T18:30:00Z").bytes(200_000_000).tags("favorite").build(),
                asset(4, "/recordings/Screen Recording 2024-03-01 at 10.15.32.mov").batch("Screen Records").container("mov")
                        .size(2880, 1800).fps(60.0).duration(600.0).created("2024-03-01T10:15:32Z").bytes(80_000_000).build(),
                asset(5, "/music/song.mp3").kind("audio").noPicture().codecs(null, "mp3").container("mp3").duration(200.0)
                        .created("2023-01-10T00:00:00Z").bytes(5_000_000).build(),
                asset(6, "/photos/IMG_1234.JPG").kind("image").codecs("mjpeg", null).container("jpg").size(4000, 3000)
                        .duration(null).fps(null).created("2022-08-08T08:08:08Z").bytes(4_000_000).text("Canon EOS R5").build(),
                asset(7, "/broken/bad.mkv").status("failed").codecs(null, null).container(null).noPicture().duration(null)
                        .created("2024-11-11T11:11:11Z").bytes(0).build(),
                asset(8, "/footage/Été/Plage.mkv").batch("Été").codecs("vp9", "opus").container("matroska").size(1280, 720)
                        .fps(29.97).duration(30.0).created("2021-07-14T12:00:00Z").bytes(9_000_000).tags("beach", "Été").build());
    }

    @BeforeEach
    void open() {
        index = SearchIndex.open(tmp.resolve("index"));
    }

    @AfterEach
    void close() {
        if (index != null) index.close();
    }

    private void load(List<IndexedAsset> assets) {
        for (IndexedAsset a : assets) index.upsert(a);
        index.commit();
    }

    private List<Long> ids(String q) {
        return ids(index, q, SearchSort.RELEVANCE);
    }

    private static List<Long> ids(SearchIndex index, String q, SearchSort sort) {
        return index.search(new SearchRequest(q, sort, 1000, 0, false)).items().stream().map(SearchHit::id).toList();
    }

    // ------------------------------------------------------------------ filters

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "kind:video                      | 1 2 3 4 7 8",
            "KIND:Audio                      | 5",
            "kind:audio,image                | 5 6",
            "-kind:video                     | 5 6",
            "status:failed                   | 7",
            "status:ok kind:image            | 6",
            "codec:h264                      | 2 4",
            "codec:avc                       | 2 4",
            "codec:H.264                     | 2 4",
            "codec:mp3                       | 1 5",
            "codec:hev*                      | 3",
            "container:mkv                   | 8",
            "container:matroska              | 8",
            "container:jpeg                  | 6",
            "ext:mkv                         | 7 8",
            "ext:.MOV                        | 2 3 4",
            "batch:\"Screen Records\"        | 4",
            "batch:\"screen   records\"      | 4",
            "batch:trips                     | 2 3",
            "batch:ete                       | 8",
            "batch:scr*                      | 4",
            "tag:beach                       | 8",
            "tag:ÉTÉ                         | 8",
            "tags:favorite                   | 3",
            "tag:*                           | 3 8",
            "res:4k                          | 3 6",
            "res:fhd                         | 2 4",
            "res:1080p                       | 2 4",
            "res:hd                          | 8",
            "res:sd                          | 1",
            "duration:>60                    | 2 4 5",
            "duration:>=45                   | 2 3 4 5",
            "duration:<30                    | 1",
            "duration:<=30                   | 1 8",
            "duration:10..60                 | 3 8",
            "duration:..10                   | 1",
            "duration:600..                  | 4",
            "duration:45                     | 3",
            "duration:>1m                    | 2 4 5",
            "duration:>=2:00                 | 2 4 5",
            "duration:0:45..2m               | 2 3",
            "duration:>0.1h                  | 4",
            "width:>=1920                    | 2 3 4 6",
            "width:1280                      | 8",
            "height:<720                     | 1",
            "height:720..1080                | 2 8",
            "fps:>=50                        | 4",
            "fps:30                          | 8",
            "fps:29.97                       | 8",
            "fps:<25                         | ",
            "size:>100000000                 | 3",
            "size:>=50mb                     | 2 3 4",
            "size:<1kb                       | 7",
            "size:1mib..10MiB                | 5 6 8",
            "created:2024                    | 2 3 4 7",
            "created:2024-03                 | 2 4",
            "created:2024-03-01              | 2 4",
            "created:2024-01..2024-06        | 2 3 4",
            "created:>=2023-05-01            | 2 3 4 7",
            "created:>2024-06                | 7",
            "created:<2021                   | 1",
            "created:<=2021                  | 1 8",
            "created:..2019                  | 1",
            "year:2022                       | 6",
            "year:2021..2022                 | 6 8",
            "year:>=2024                     | 2 3 4 7",
            "kind:video -status:failed res:4k | 3",
    })
    void fieldFilters(String query, String expected) {
        load(library());
        List<Long> want = expected == null ? List.of()
                : java.util.Arrays.stream(expected.trim().split("\\s+")).map(Long::parseLong).sorted().toList();
        assertThat(ids(query).stream().sorted().toList()).as(query).isEqualTo(want);
        assertThat(index.search(new SearchRequest(query, SearchSort.RELEVANCE, 1, 0, false)).total()).isEqualTo(want.size());
    }

    // ------------------------------------------------------------------ text

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "vtes                            | 1",
            "vtest                           | 1",
            "VTEST.AVI                       | 1",
            "vtest.av                        | 1",
            "vtest*                          | 1",
            "canon                           | 6",
            "eos r5                          | 6",
            "h264                            | 2 4",
            "ete                             | 8",
            "Été                             | 8",
            "plage                           | 8",
            "screen rec                      | 4",
            "ScreenRecording                 | 4",
            "\"screen recording\"            | 4",
            "\"recording screen\"            | ",
            "\"screen rec\"                  | ",
            "2024-03-01                      | 4",
            "img_1234                        | 6",
            "1234                            | 6",
            "favorite                        | 3",
            "trips                           | 2 3",
            "misc                            | 1 3",
            "vtest OR canon                  | 1 6",
            "sunset -clip001                 | 3",
            "sunset -clip                    | 3",
            "sunset -cli                     | 2 3",
            "sunset -cli*                    | 3",
            "sunset AND kind:video           | 2 3",
            "(kind:audio OR kind:image) -canon | 5",
            "NOT kind:video                  | 5 6",
            "!canon kind:image               | ",
            "nothingmatchesthis              | ",
    })
    void textSearch(String query, String expected) {
        load(library());
        List<Long> want = expected == null ? List.of()
                : java.util.Arrays.stream(expected.trim().split("\\s+")).map(Long::parseLong).sorted().toList();
        assertThat(ids(query).stream().sorted().toList()).as(query).isEqualTo(want);
    }

    @Test
    void prefixMatchesFindFileNames() {
        load(library());
        assertThat(ids("vtes")).containsExactly(1L);
        assertThat(ids("sun")).containsExactlyInAnyOrder(2L, 3L);
        assertThat(ids("v")).contains(1L, 8L);   // vtest, vp9
        assertThat(ids("vtest || canon")).containsExactlyInAnyOrder(1L, 6L);
        assertThat(ids("vtest && canon")).isEmpty();
    }

    @Test
    void caseChangesMatchWithOrWithoutTheSplit() {
        load(List.of(asset(1, "/media/GoPro Card 3/GX010123.MP4").text("Apple iPhone 15 Pro").build(),
                asset(2, "/media/gopro/clip.mp4").build(), asset(3, "/media/Go Pro/x.mp4").build(),
                asset(4, "/media/other/ScreenRecording.mov").build()));
        assertThat(ids("gopro")).containsExactlyInAnyOrder(1L, 2L);
        assertThat(ids("GoPro")).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(ids("gopr")).containsExactlyInAnyOrder(1L, 2L);
        assertThat(ids("\"gopro card\"")).containsExactly(1L);
        assertThat(ids("\"go pro card\"")).containsExactly(1L);
        assertThat(ids("iphone")).containsExactly(1L);
        assertThat(ids("iphone 15")).containsExactly(1L);
        assertThat(ids("screenrec")).containsExactly(4L);
        assertThat(ids("screen rec")).containsExactly(4L);
        assertThat(ids("-gopro")).containsExactlyInAnyOrder(3L, 4L);
    }

    @Test
    void exactFileNameMatchBeatsFolderMatch() {
        load(library());
        // 3 is named sunset; 2 only lives in a folder called sunset (and has the higher id)
        assertThat(ids("sunset")).containsExactly(3L, 2L);
        SearchResult r = index.search(SearchRequest.of("sunset"));
        assertThat(r.items().get(0).score()).isGreaterThan(r.items().get(1).score());
    }

    @Test
    void titleMatchBeatsFolderMatchEvenWhenTheWordIsCommonInTitles() {
        List<IndexedAsset> assets = new ArrayList<>();
        for (int i = 1; i <= 60; i++) assets.add(asset(i, "/photos/IMG_" + (1000 + i) + ".JPG").kind("image").build());
        assets.add(asset(1000, "/img/holiday.mov").build());   // "img" only as a folder, and rare there
        load(assets);
        List<Long> ids = ids("img");
        assertThat(ids).hasSize(61);
        assertThat(ids.get(60)).isEqualTo(1000L);
    }

    @Test
    void exactMatchesRankAbovePrefixMatches() {
        load(List.of(asset(1, "/a/vtest.avi").build(), asset(2, "/a/vtestlonger.avi").build(),
                asset(3, "/a/vtesting.avi").build()));
        assertThat(ids("vtest").get(0)).isEqualTo(1L);
        assertThat(ids("vtest")).containsExactly(1L, 3L, 2L);   // prefix-only ties: newest id first
    }

    @Test
    void titleBoostedOverPath() {
        load(List.of(asset(1, "/beach/a.mov").title("a").build(), asset(2, "/x/b.mov").title("Beach day").build(),
                asset(3, "/x/c.mov").title("c").text("beach").build()));
        assertThat(ids("beach")).first().isEqualTo(2L);
    }

    @Test
    void ratingsFavouritesAndLabelsAreSearchableAndCarriedByHits() {
        load(List.of(
                asset(1, "/f/a.mov").marked(5, true, "red").build(),
                asset(2, "/f/b.mov").marked(4, false, "blue").build(),
                asset(3, "/f/c.mov").marked(2, true, null).build(),
                asset(4, "/f/d.mov").build()));
        assertThat(ids("rating:>=4")).containsExactlyInAnyOrder(1L, 2L);
        assertThat(ids("rating:2..4")).containsExactlyInAnyOrder(2L, 3L);
        assertThat(ids("rating:0")).containsExactly(4L);
        assertThat(ids("is:favourite")).containsExactlyInAnyOrder(1L, 3L);
        assertThat(ids("is:favorite -label:red")).containsExactly(3L);
        assertThat(ids("is:rated")).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(ids("label:red,blue")).containsExactlyInAnyOrder(1L, 2L);
        assertThat(ids("label:none")).containsExactlyInAnyOrder(3L, 4L);
        assertThatThrownBy(() -> ids("label:mauve")).isInstanceOf(QueryException.class)
                .hasMessageContaining("unknown colour label 'mauve'").hasMessageContaining("red, yellow, green, blue, purple");
        assertThatThrownBy(() -> ids("is:archived")).isInstanceOf(QueryException.class)
                .hasMessageContaining("expected favourite, rated or labelled");
        SearchHit h = index.search(SearchRequest.of("rating:5")).items().get(0);
        assertThat(h.rating()).isEqualTo(5);
        assertThat(h.favourite()).isTrue();
        assertThat(h.label()).isEqualTo("red");
        SearchHit plain = index.search(SearchRequest.of("rating:0")).items().get(0);
        assertThat(plain.rating()).isZero();
        assertThat(plain.label()).isNull();
        SearchResult r = index.search(new SearchRequest("*", SearchSort.RELEVANCE, 10, 0, true));
        assertThat(r.facets().get("label")).extracting(FacetCount::value).containsExactlyInAnyOrder("red", "blue");
        assertThat(r.facets().get("rating")).extracting(FacetCount::value).contains("5", "4", "2");
    }

    @Test
    void hitsCarryTheDisplayedFields() {
        load(library());
        SearchHit h = index.search(SearchRequest.of("sunset kind:video")).items().get(0);
        assertThat(h).isEqualTo(new SearchHit(3, "/footage/misc/sunset.mov", "sunset", "video", "ok", 45.0, 3840, 2160, "hevc",
                "Trips", java.time.Instant.parse("2024-06-15T18:30:00Z"), 0, false, null, h.score()));
        SearchHit audio = index.search(SearchRequest.of("kind:audio")).items().get(0);
        assertThat(audio.width()).isNull();
        assertThat(audio.videoCodec()).isNull();
        assertThat(audio.durationSec()).isEqualTo(200.0);
    }

    // ------------------------------------------------------------------ facets

    @Test
    void facetsCountTheWholeMatchSet() {
        load(library());
        SearchResult r = index.search(new SearchRequest("*", SearchSort.RELEVANCE, 1, 0, true));
        assertThat(r.total()).isEqualTo(8);
        assertThat(r.items()).hasSize(1);
        assertThat(r.facets().keySet()).containsExactly("kind", "codec", "batch", "res", "status", "year", "rating", "label");
        assertThat(r.facets().get("kind")).containsExactly(new FacetCount("video", 6), new FacetCount("audio", 1),
                new FacetCount("image", 1));
        assertThat(r.facets().get("codec")).containsExactly(new FacetCount("h264", 2), new FacetCount("hevc", 1),
                new FacetCount("mjpeg", 1), new FacetCount("msmpeg4v3", 1), new FacetCount("vp9", 1));
        assertThat(r.facets().get("batch")).containsExactly(new FacetCount("Trips", 2), new FacetCount("Old Stuff", 1),
                new FacetCount("Screen Records", 1), new FacetCount("Été", 1));
        assertThat(r.facets().get("res")).containsExactly(new FacetCount("4k", 2), new FacetCount("fhd", 2),
                new FacetCount("hd", 1), new FacetCount("sd", 1));
        assertThat(r.facets().get("status")).containsExactly(new FacetCount("ok", 7), new FacetCount("failed", 1));
        assertThat(r.facets().get("year")).containsExactly(new FacetCount("2024", 4), new FacetCount("2019", 1),
                new FacetCount("2021", 1), new FacetCount("2022", 1), new FacetCount("2023", 1));

        SearchResult v = index.search(new SearchRequest("kind:video sunset", SearchSort.NEWEST, 10, 0, true));
        assertThat(v.total()).isEqualTo(2);
        assertThat(v.facets().get("codec")).containsExactly(new FacetCount("h264", 1), new FacetCount("hevc", 1));
        assertThat(v.facets().get("year")).containsExactly(new FacetCount("2024", 2));
        assertThat(v.facets().get("kind")).containsExactly(new FacetCount("video", 2));

        SearchResult none = index.search(new SearchRequest("nothing", SearchSort.RELEVANCE, 10, 0, true));
        assertThat(none.total()).isZero();
        assertThat(none.facets().get("kind")).isEmpty();

        assertThat(index.search(SearchRequest.of("*")).facets()).isEmpty();
    }

    @Test
    void facetValuesWorkAsFilters() {
        load(library());
        SearchResult r = index.search(new SearchRequest("", SearchSort.RELEVANCE, 1, 0, true));
        for (var e : r.facets().entrySet()) {
            for (FacetCount c : e.getValue()) {
                String q = e.getKey() + ":\"" + c.value() + "\"";
                assertThat(index.search(SearchRequest.of(q)).total()).as(q).isEqualTo(c.count());
            }
        }
    }

    @Test
    void facetSelectionsCombineWithOrWithinAFacetAndAndAcrossFacets() {
        load(library());
        // two kinds: their union, and the kind facet still lists every kind with its count
        SearchResult kinds = index.search(new SearchRequest("", null, 100, 0, true, Map.of("kind", List.of("audio", "image"))));
        assertThat(kinds.items().stream().map(SearchHit::id)).containsExactlyInAnyOrder(5L, 6L);
        assertThat(kinds.total()).isEqualTo(2);
        assertThat(kinds.facets().get("kind")).containsExactly(new FacetCount("video", 6), new FacetCount("audio", 1),
                new FacetCount("image", 1));
        // the other facets count the selection itself
        assertThat(kinds.facets().get("year")).containsExactly(new FacetCount("2022", 1), new FacetCount("2023", 1));

        // across facets: AND; each facet counts under the other facets' selections
        SearchResult both = index.search(new SearchRequest("", null, 100, 0, true,
                Map.of("kind", List.of("video", "audio"), "year", List.of("2024"))));
        assertThat(both.items().stream().map(SearchHit::id)).containsExactlyInAnyOrder(2L, 3L, 4L, 7L);
        // audio is selected but has nothing in 2024: it stays listed, with 0
        assertThat(both.facets().get("kind")).containsExactly(new FacetCount("video", 4), new FacetCount("audio", 0));
        assertThat(both.facets().get("year")).containsExactly(new FacetCount("2024", 4), new FacetCount("2019", 1),
                new FacetCount("2021", 1), new FacetCount("2023", 1));

        // with words: the selection narrows them, counts follow the words
        SearchResult words = index.search(new SearchRequest("sunset", SearchSort.RELEVANCE, 100, 0, true,
                Map.of("batch", List.of("Trips"), "res", List.of("4k"))));
        assertThat(words.items().stream().map(SearchHit::id)).containsExactly(3L);
        assertThat(words.facets().get("res")).containsExactly(new FacetCount("4k", 1), new FacetCount("fhd", 1));
        assertThat(words.facets().get("batch")).containsExactly(new FacetCount("Trips", 1));

        // a selected value that matches nothing now stays listed, with 0
        SearchResult gone = index.search(new SearchRequest("song", null, 10, 0, true, Map.of("kind", List.of("image"))));
        assertThat(gone.total()).isZero();
        assertThat(gone.facets().get("kind")).containsExactly(new FacetCount("audio", 1), new FacetCount("image", 0));

        // values with spaces and accents match exactly, as the counts name them
        assertThat(index.search(new SearchRequest("", null, 10, 0, false,
                FacetFilters.parse("batch:\"Screen Records\" batch:Été"))).items().stream().map(SearchHit::id))
                .containsExactlyInAnyOrder(4L, 8L);
    }

    @Test
    void facetFiltersParseAndRefuseWithAPosition() {
        assertThat(FacetFilters.parse(" kind:video  batch:\"Screen Records\" kind:image kind:video"))
                .containsExactly(Map.entry("kind", List.of("video", "image")), Map.entry("batch", List.of("Screen Records")));
        assertThat(FacetFilters.parse("")).isEmpty();
        Map<String, List<String>> odd = Map.of("batch", List.of("a \"quoted\" \\ name", "plain"));
        assertThat(FacetFilters.parse(FacetFilters.format(odd))).isEqualTo(odd);
        assertThatThrownBy(() -> FacetFilters.parse("kind:video colour:red")).isInstanceOf(DamException.class)
                .hasMessageStartingWith("unknown facet 'colour' at 11");
        assertThatThrownBy(() -> FacetFilters.parse("batch:\"Trips")).isInstanceOf(DamException.class)
                .hasMessage("unbalanced quote at 6 in the filters (no closing '\"')");
        assertThatThrownBy(() -> FacetFilters.parse("kind:")).isInstanceOf(DamException.class)
                .hasMessage("expected a value after 'kind:' at 5 in the filters");
        assertThatThrownBy(() -> FacetFilters.parse("video")).isInstanceOf(DamException.class)
                .hasMessage("expected facet:value at 0 in the filters");
        assertThatThrownBy(() -> FacetFilters.parse("kind:x ".repeat(101))).isInstanceOf(DamException.class)
                .hasMessageStartingWith("too many filters at 700");
        assertThatThrownBy(() -> new SearchRequest("", null, 1, 0, false, Map.of("colour", List.of("red"))))
                .isInstanceOf(DamException.class).hasMessageStartingWith("unknown facet 'colour'");
    }

    @Test
    void withoutWordsTheDefaultOrderIsByCaptureTimeNewestFirst() {
        load(library());
        assertThat(SearchSort.defaultFor("")).isEqualTo(SearchSort.NEWEST);
        assertThat(SearchSort.defaultFor("kind:video -status:failed")).isEqualTo(SearchSort.NEWEST);
        assertThat(SearchSort.defaultFor("sunset kind:video")).isEqualTo(SearchSort.RELEVANCE);
        assertThat(SearchSort.defaultFor("title:\"open")).isEqualTo(SearchSort.NEWEST);
        SearchRequest all = new SearchRequest("", null, 100, 0, false);
        assertThat(all.sort()).isEqualTo(SearchSort.NEWEST);
        assertThat(index.search(all).items().stream().map(SearchHit::id)).containsExactly(7L, 3L, 4L, 2L, 5L, 6L, 8L, 1L);
        assertThat(new SearchRequest("sunset", null, 10, 0, false).sort()).isEqualTo(SearchSort.RELEVANCE);
    }

    @Test
    void facetsKeepTheTop20AcrossSegments() {
        for (int i = 0; i < 500; i++) {
            index.upsert(asset(i, "/b/clip" + i + ".mov").batch("batch " + (i % 30)).build());
            if (i % 100 == 99) index.commit();   // several segments
        }
        index.delete(0);   // batch 0 now has one asset fewer
        index.commit();
        SearchResult r = index.search(new SearchRequest("clip", SearchSort.RELEVANCE, 1, 0, true));
        List<FacetCount> batches = r.facets().get("batch");
        assertThat(batches).hasSize(20);
        assertThat(r.total()).isEqualTo(499);
        // 500 = 30 × 16 + 20: batches 0..19 have 17, 20..29 have 16; batch 0 lost one
        assertThat(batches.get(0)).isEqualTo(new FacetCount("batch 1", 17));
        assertThat(batches.get(18).count()).isEqualTo(17);
        assertThat(batches.get(19)).isEqualTo(new FacetCount("batch 0", 16));   // ties: by value
    }

    // ------------------------------------------------------------------ sorting and paging

    private static List<IndexedAsset> many(int n) {
        java.util.Random rnd = new java.util.Random(42);
        List<IndexedAsset> out = new ArrayList<>();
        String[] names = {"clip", "Clip", "beach", "Été", "zebra", "alpha"};
        for (int i = 1; i <= n; i++) {
            TestAssets a = asset(i, "/lib/" + names[rnd.nextInt(names.length)] + " " + rnd.nextInt(20) + ".mov")
                    .created("20" + (10 + rnd.nextInt(3)) + "-01-0" + (1 + rnd.nextInt(3)) + "T00:00:00Z")
                    .duration(rnd.nextInt(5) == 0 ? null : (double) rnd.nextInt(10))
                    .bytes(rnd.nextInt(8) * 1000L)
                    .kind(rnd.nextBoolean() ? "video" : "image");
            out.add(a.build());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"RELEVANCE", "NEWEST", "OLDEST", "DURATION", "SIZE", "NAME"})
    void pagingWalksEveryMatchOnceInOrder(String sortName) {
        SearchSort sort = SearchSort.parse(sortName);
        List<IndexedAsset> assets = many(537);
        for (int i = 0; i < assets.size(); i++) {
            index.upsert(assets.get(i));
            if (i % 150 == 0) index.commit();
        }
        index.commit();
        Map<Long, IndexedAsset> byId = assets.stream().collect(Collectors.toMap(IndexedAsset::id, a -> a));
        for (String q : List.of("*", "clip", "kind:video", "clip OR beach 1")) {
            long total = -1;
            List<SearchHit> all = new ArrayList<>();
            for (int offset = 0; ; offset += 23) {
                SearchResult r = index.search(new SearchRequest(q, sort, 23, offset, offset % 2 == 0));
                if (total < 0) total = r.total();
                assertThat(r.total()).isEqualTo(total);
                if (r.items().isEmpty()) break;
                all.addAll(r.items());
            }
            List<Long> ids = all.stream().map(SearchHit::id).toList();
            assertThat(ids).as(q).doesNotHaveDuplicates().hasSize((int) total);
            assertThat(ids).as(q).isEqualTo(ids(index, q, sort));   // one big page gives the same order
            for (int i = 1; i < all.size(); i++) {
                assertThat(ordered(sort, all.get(i - 1), all.get(i), byId)).as(q + " at " + i).isTrue();
            }
        }
    }

    /** Whether a may come before b under the sort (the documented order, including the id tie-break). */
    private static boolean ordered(SearchSort sort, SearchHit a, SearchHit b, Map<Long, IndexedAsset> byId) {
        IndexedAsset x = byId.get(a.id());
        IndexedAsset y = byId.get(b.id());
        int c = switch (sort) {
            case RELEVANCE -> a.score() != b.score() ? -Float.compare(a.score(), b.score()) : -Long.compare(x.id(), y.id());
            case NEWEST -> {
                int k = -x.capturedAt().compareTo(y.capturedAt());
                yield k != 0 ? k : -Long.compare(x.id(), y.id());
            }
            case OLDEST -> {
                int k = x.capturedAt().compareTo(y.capturedAt());
                yield k != 0 ? k : Long.compare(x.id(), y.id());
            }
            case DURATION -> {
                double dx = x.durationSec() == null ? Double.NEGATIVE_INFINITY : x.durationSec();
                double dy = y.durationSec() == null ? Double.NEGATIVE_INFINITY : y.durationSec();
                int k = -Double.compare(dx, dy);
                yield k != 0 ? k : Long.compare(x.id(), y.id());
            }
            case SIZE -> {
                int k = -Long.compare(x.sizeBytes(), y.sizeBytes());
                yield k != 0 ? k : Long.compare(x.id(), y.id());
            }
            case NAME -> {
                int k = Tokens.keyword(x.title()).compareTo(Tokens.keyword(y.title()));
                yield k != 0 ? k : Long.compare(x.id(), y.id());
            }
        };
        return c < 0;
    }

    @Test
    void nameSortIgnoresCaseAndAccents() {
        load(List.of(asset(1, "/a/b.mov").title("zebra").build(), asset(2, "/a/c.mov").title("Été").build(),
                asset(3, "/a/d.mov").title("apple").build(), asset(4, "/a/e.mov").title("Banana").build()));
        assertThat(ids(index, "*", SearchSort.NAME)).containsExactly(3L, 4L, 2L, 1L);
    }

    @Test
    void sortParsing() {
        assertThat(SearchSort.parse("Newest")).isEqualTo(SearchSort.NEWEST);
        assertThat(SearchSort.parse(null)).isEqualTo(SearchSort.RELEVANCE);
        assertThatThrownBy(() -> SearchSort.parse("biggest")).isInstanceOf(DamException.class)
                .hasMessage("unknown sort 'biggest' (expected relevance, newest, oldest, duration, size or name)");
    }

    @Test
    void requestValidation() {
        assertThatThrownBy(() -> new SearchRequest("", null, 0, 0, false)).hasMessageContaining("limit must be between 1 and 1000");
        assertThatThrownBy(() -> new SearchRequest("", null, 1001, 0, false)).isInstanceOf(DamException.class);
        assertThatThrownBy(() -> new SearchRequest("", null, 10, -1, false)).hasMessageContaining("offset");
        assertThatThrownBy(() -> new SearchRequest("", null, 10, 100_001, false)).hasMessageContaining("offset");
        assertThatThrownBy(() -> new SearchRequest("x".repeat(2001), null, 10, 0, false))
                .isInstanceOf(QueryException.class).hasMessageContaining("too long");
        SearchRequest r = new SearchRequest(null, null, 1000, 100_000, false);
        assertThat(r.query()).isEmpty();
        assertThat(r.sort()).isEqualTo(SearchSort.NEWEST);   // nothing to rank by: newest first
    }

    @Test
    void deepOffsetPastTheEnd() {
        load(library());
        SearchResult r = index.search(new SearchRequest("*", SearchSort.NEWEST, 1000, 100_000, true));
        assertThat(r.total()).isEqualTo(8);
        assertThat(r.items()).isEmpty();
    }

    // ------------------------------------------------------------------ hostile input

    @ParameterizedTest
    @ValueSource(strings = {"\"unbalanced", "((((", "))))", "a:", "kind:", "duration:>abc", "created:2024-13",
            "foo:bar", "\u0000\u0001\u0002", "a\u0000b", "+", "-", "&&", "||", "!", "(", ")", "{", "}", "[", "]", "^",
            "\"", "~", "*", "?", ":", "\\", "/", "*:*", "a AND", "OR OR OR", "NOT", "()", "(())", "-(-(-a))",
            "\"\"", "\" \"", "[* TO *]", "title:{a TO b}", "a^10", "a~2", "\\\"", "\\", "%s%n%x", "'; DROP TABLE asset;--",
            "<script>", "\uFFFF", "\uD800\uDC00", "tag:\"", "batch:\"a\\\"b\""})
    void hostileQueriesGiveAQueryExceptionOrASaneResult(String q) {
        load(library());
        try {
            SearchResult r = index.search(new SearchRequest(q, SearchSort.RELEVANCE, 10, 0, true));
            assertThat(r.total()).isBetween(0L, 8L);
        } catch (QueryException e) {
            assertThat(e.position()).isBetween(0, q.length());
            assertThat(e.getMessage()).contains(" at " + e.position());
        }
    }

    @Test
    void hugeQueries() {
        load(library());
        // 2000 characters of each kind of thing a person (or a fuzzer) might paste
        List<String> qs = List.of("a ".repeat(1000), "(".repeat(2000), "\"".repeat(2000), "-".repeat(2000), "x".repeat(2000),
                "kind:video ".repeat(181), "a.".repeat(1000), "*".repeat(2000), "\u0000".repeat(2000), "é".repeat(2000),
                "\"" + "a ".repeat(999) + "\"", "sunset OR ".repeat(200));
        for (String q : qs) {
            String cut = q.substring(0, Math.min(2000, q.length()));
            try {
                index.search(new SearchRequest(cut, SearchSort.RELEVANCE, 10, 0, true));
            } catch (QueryException e) {
                assertThat(e.position()).isBetween(0, cut.length());
            }
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void upsertAndDeleteAreVisibleAfterCommit() {
        load(library());
        index.upsert(asset(9, "/new/lighthouse.mov").build());
        assertThat(ids("lighthouse")).isEmpty();   // not yet committed
        index.commit();
        assertThat(ids("lighthouse")).containsExactly(9L);
        assertThat(index.count()).isEqualTo(9);

        index.upsert(asset(9, "/new/harbour.mov").build());   // same id: replaced
        index.commit();
        assertThat(ids("lighthouse")).isEmpty();
        assertThat(ids("harbour")).containsExactly(9L);
        assertThat(index.count()).isEqualTo(9);

        index.delete(9);
        index.delete(12345);   // unknown: nothing happens
        index.commit();
        assertThat(ids("harbour")).isEmpty();
        assertThat(index.count()).isEqualTo(8);
    }

    @Test
    void refreshMakesWritesVisibleWithoutCommit() {
        index.upsert(asset(1, "/a/x.mov").build());
        index.refresh();
        assertThat(index.count()).isEqualTo(1);
    }

    private static final List<String> QUERY_SET = List.of("*", "sunset", "vtes", "kind:video", "codec:h264 -status:failed",
            "created:2024", "duration:>60 OR res:4k", "\"screen recording\"", "trips", "clip", "beach", "ete");

    @Test
    void rebuildEqualsIncremental() {
        List<IndexedAsset> finalState = new ArrayList<>(library());
        // incremental: other versions first, then updates and deletes, in several commits
        for (IndexedAsset a : library()) {
            index.upsert(asset(a.id(), "/old/version" + a.id() + ".mov").batch("Old").build());
        }
        index.upsert(asset(99, "/gone/soon.mov").build());
        index.commit();
        for (IndexedAsset a : library()) index.upsert(a);
        index.delete(99);
        index.commit();

        try (SearchIndex rebuilt = SearchIndex.open(tmp.resolve("rebuilt"))) {
            rebuilt.upsert(asset(500, "/stale/entry.mov").build());
            rebuilt.commit();
            rebuilt.rebuild(finalState);
            assertThat(rebuilt.count()).isEqualTo(index.count());
            for (String q : QUERY_SET) {
                for (SearchSort sort : SearchSort.values()) {
                    SearchRequest r = new SearchRequest(q, sort, 100, 0, true);
                    SearchResult a = index.search(r);
                    SearchResult b = rebuilt.search(r);
                    assertThat(b.total()).as(q).isEqualTo(a.total());
                    assertThat(b.items().stream().map(SearchHit::id).toList()).as(q + " " + sort)
                            .isEqualTo(a.items().stream().map(SearchHit::id).toList());
                    assertThat(b.facets()).as(q).isEqualTo(a.facets());
                }
            }
        }
    }

    @Test
    void aLargeRebuildOnSeveralThreadsHoldsEveryAssetOnce() {
        List<IndexedAsset> assets = many(3000);
        index.rebuild(assets);
        assertThat(index.count()).isEqualTo(3000);
        try (SearchIndex incremental = SearchIndex.open(tmp.resolve("incremental"))) {
            for (IndexedAsset a : assets) incremental.upsert(a);
            incremental.commit();
            for (String q : List.of("*", "clip", "kind:video beach", "zebra OR alpha")) {
                for (SearchSort sort : SearchSort.values()) {
                    SearchRequest r = new SearchRequest(q, sort, 1000, 0, true);
                    SearchResult a = index.search(r);
                    SearchResult b = incremental.search(r);
                    assertThat(a.total()).isEqualTo(b.total());
                    assertThat(a.items()).isEqualTo(b.items());
                    assertThat(a.facets()).isEqualTo(b.facets());
                }
            }
        }
    }

    @Test
    void rebuildReplacesEverything() {
        load(library());
        index.rebuild(List.of(asset(100, "/x/only.mov").build()));
        assertThat(index.count()).isEqualTo(1);
        assertThat(ids("*")).containsExactly(100L);
        index.rebuild(List.of());
        assertThat(index.count()).isZero();
    }

    @Test
    void failedRebuildKeepsTheOldContents() {
        load(library());
        Iterable<IndexedAsset> failing = () -> new java.util.Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public IndexedAsset next() {
                if (++n > 3) throw new IllegalStateException("catalog went away");
                return asset(1000 + n, "/x/new" + n + ".mov").build();
            }
        };
        assertThatThrownBy(() -> index.rebuild(failing)).hasMessage("catalog went away");
        assertThat(index.count()).isEqualTo(8);
        assertThat(ids("sunset")).containsExactly(3L, 2L);
        index.upsert(asset(9, "/x/after.mov").build());   // still writable
        index.commit();
        assertThat(index.count()).isEqualTo(9);
        index.close();
        index = SearchIndex.open(tmp.resolve("index"));
        assertThat(index.count()).isEqualTo(9);
        assertThat(ids("new1")).isEmpty();
    }

    @Test
    void reopensACommittedIndex() {
        load(library());
        List<Long> before = ids("sunset");
        index.close();
        index = SearchIndex.open(tmp.resolve("index"));
        assertThat(index.count()).isEqualTo(8);
        assertThat(ids("sunset")).isEqualTo(before);
        assertThat(index.search(new SearchRequest("", null, 1, 0, true)).facets().get("kind")).hasSize(3);
    }

    @Test
    void closeCommitsPendingWrites() {
        index.upsert(asset(1, "/a/pending.mov").build());
        index.close();
        index = SearchIndex.open(tmp.resolve("index"));
        assertThat(ids("pending")).containsExactly(1L);
    }

    @Test
    void aClosedIndexSaysSo() {
        index.close();
        assertThatThrownBy(() -> index.search(SearchRequest.of("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> index.upsert(asset(1, "/a.mov").build())).isInstanceOf(IllegalStateException.class);
        index.close();   // twice is fine
        index = null;
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsLockedNotCorrupt() {
        assertThatThrownBy(() -> SearchIndex.open(tmp.resolve("index"))).isInstanceOf(SearchIndexLockedException.class)
                .isNotInstanceOf(SearchIndexException.class);
    }

    @Test
    void concurrentSearchesAndWrites() throws Exception {
        load(library());
        var errors = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    try {
                        SearchResult r = index.search(new SearchRequest(QUERY_SET.get(i++ % QUERY_SET.size()),
                                SearchSort.values()[i % 6], 20, 0, i % 2 == 0));
                        assertThat(r.items().size()).isLessThanOrEqualTo(20);
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            });
            th.start();
            readers.add(th);
        }
        for (int i = 0; i < 2000; i++) {
            index.upsert(asset(100 + i, "/bulk/clip" + i + ".mov").build());
            if (i % 100 == 0) index.commit();
            if (i % 7 == 0) index.delete(100 + i - 3);
        }
        index.rebuild(library());
        index.commit();
        stop.set(true);
        for (Thread th : readers) th.join();
        assertThat(errors).isEmpty();
        assertThat(index.count()).isEqualTo(8);
    }
}
