package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.thatdam.server.LiveServer.items;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read API against a real server over a real, scanned library. */
class AssetsApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    static final List<String> SUMMARY_FIELDS = List.of("id", "path", "kind", "status", "sizeBytes", "durationSec",
            "width", "height", "fps", "videoCodec", "audioCodec", "container", "batch");

    @BeforeAll
    static void start() throws Exception {
        assertThat(live.scan().added()).as("scan report %s", live.scan()).isEqualTo(LiveServer.LAYOUT.size() - 1);
        assertThat(live.scan().failed()).as("scan report %s", live.scan()).isEqualTo(1);
    }

    // ------------------------------------------------------------ health

    @Test
    void healthIsOk() {
        HttpResponse<String> r = live.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode json = LiveServer.parse(r.body());
        assertThat(json.path("status").asText()).isEqualTo("ok");
        assertThat(json.path("role").asText()).isEqualTo("all");
        assertThat(json.path("node").asText()).isNotBlank();
        assertThat(json.size()).isEqualTo(3);
    }

    // ------------------------------------------------------------ listing

    @Test
    void listsEveryAssetWithTheSummaryShape() {
        JsonNode page = live.getJson("/api/v1/assets");
        assertThat(page.path("total").isIntegralNumber()).isTrue();
        assertThat(page.path("total").asLong()).isEqualTo(LiveServer.LAYOUT.size());
        assertThat(page.path("limit").asInt()).isEqualTo(50);
        assertThat(page.path("offset").asInt()).isZero();
        assertThat(page.path("items").isArray()).isTrue();

        List<JsonNode> items = items(page);
        assertThat(items).hasSize(LiveServer.LAYOUT.size());
        for (JsonNode item : items) {
            for (String field : SUMMARY_FIELDS) {
                assertThat(item.has(field)).as("field %s in %s", field, item).isTrue();
            }
            item.fieldNames().forEachRemaining(name ->
                    assertThat(name).as("camelCase field name in %s", item).doesNotContain("_").matches("[a-z][A-Za-z]*"));
            assertThat(item.path("id").isIntegralNumber()).isTrue();
            assertThat(item.path("id").asLong()).isPositive();
            assertThat(item.path("sizeBytes").isIntegralNumber()).as("sizeBytes of %s", item).isTrue();
        }
        assertThat(items).extracting(i -> i.path("path").asText())
                .containsExactlyInAnyOrderElementsOf(LiveServer.LAYOUT.keySet().stream().map(live::path).toList());
        assertThat(items).extracting(i -> i.path("id").asLong()).doesNotHaveDuplicates();
    }

    @Test
    void summaryOfAVideoCarriesItsTechnicalFields() throws Exception {
        JsonNode clip = live.asset("trip/clip.mp4");
        assertThat(clip.path("kind").asText()).isEqualTo("video");
        assertThat(clip.path("status").asText()).isEqualTo("ok");
        assertThat(clip.path("sizeBytes").asLong()).isEqualTo(Files.size(Path.of(live.path("trip/clip.mp4"))));
        assertThat(clip.path("durationSec").asDouble()).isCloseTo(2.0, within(0.2));
        assertThat(clip.path("width").asInt()).isEqualTo(320);
        assertThat(clip.path("height").asInt()).isEqualTo(240);
        assertThat(clip.path("fps").asDouble()).isCloseTo(25.0, within(0.01));
        assertThat(clip.path("videoCodec").asText()).isEqualTo("h264");
        assertThat(clip.path("audioCodec").asText()).isEqualTo("aac");
        assertThat(clip.path("container").asText()).isEqualTo("mp4");
        assertThat(clip.path("batch").asText()).isEqualTo("trip");

        JsonNode mp3 = live.asset("trip/tone.mp3");
        assertThat(mp3.path("kind").asText()).isEqualTo("audio");
        assertThat(mp3.path("audioCodec").asText()).isEqualTo("mp3");
        assertThat(mp3.path("videoCodec").isNull()).as("absent values are null: %s", mp3).isTrue();
        assertThat(mp3.path("width").isNull()).isTrue();

        JsonNode png = live.asset("trip/stills/frame.png");
        assertThat(png.path("kind").asText()).isEqualTo("image");
        assertThat(png.path("width").asInt()).isEqualTo(200);
        assertThat(png.path("height").asInt()).isEqualTo(100);
        assertThat(png.path("durationSec").isNull()).isTrue();
        assertThat(png.path("batch").asText()).isEqualTo("stills");

        JsonNode avi = live.asset("old/legacy.avi");
        assertThat(avi.path("kind").asText()).isEqualTo("video");
        assertThat(avi.path("container").asText()).isEqualTo("avi");
        assertThat(avi.path("videoCodec").asText()).isEqualTo("msmpeg4v3");

        JsonNode broken = live.asset("old/broken.mp4");
        assertThat(broken.path("status").asText()).isEqualTo("failed");
        assertThat(broken.path("error").asText()).isNotBlank();
        assertThat(broken.path("batch").asText()).isEqualTo("old");
    }

    @Test
    void filtersByKind() {
        JsonNode page = live.getJson("/api/v1/assets?kind=video");
        assertThat(items(page)).extracting(i -> i.path("kind").asText()).containsOnly("video");
        assertThat(pathsOf(page)).containsExactlyInAnyOrder(
                live.path("trip/clip.mp4"), live.path("old/legacy.avi"),
                live.path("old/broken.mp4"), live.path("short.mp4"));
        assertThat(page.path("total").asLong()).isEqualTo(4);

        JsonNode audio = live.getJson("/api/v1/assets?kind=audio");
        assertThat(pathsOf(audio)).containsExactlyInAnyOrder(live.path("trip/tone.mp3"), live.path("audio/tone.wav"));
        assertThat(audio.path("total").asLong()).isEqualTo(2);

        JsonNode images = live.getJson("/api/v1/assets?kind=image");
        assertThat(pathsOf(images)).containsExactly(live.path("trip/stills/frame.png"));

        JsonNode other = live.getJson("/api/v1/assets?kind=other");
        assertThat(other.path("total").asLong()).isZero();
        assertThat(items(other)).isEmpty();
    }

    @Test
    void filtersByStatus() {
        JsonNode failed = live.getJson("/api/v1/assets?status=failed");
        assertThat(pathsOf(failed)).containsExactly(live.path("old/broken.mp4"));
        assertThat(failed.path("total").asLong()).isEqualTo(1);
        assertThat(items(failed).get(0).path("error").asText()).isNotBlank();

        JsonNode ok = live.getJson("/api/v1/assets?status=ok");
        assertThat(ok.path("total").asLong()).isEqualTo(LiveServer.LAYOUT.size() - 1);
        assertThat(items(ok)).extracting(i -> i.path("status").asText()).containsOnly("ok");

        assertThat(live.getJson("/api/v1/assets?status=missing").path("total").asLong()).isZero();
    }

    @Test
    void filtersByBatch() {
        JsonNode old = live.getJson("/api/v1/assets?batch=old");
        assertThat(pathsOf(old)).containsExactlyInAnyOrder(live.path("old/legacy.avi"), live.path("old/broken.mp4"));
        assertThat(old.path("total").asLong()).isEqualTo(2);
        assertThat(items(old)).extracting(i -> i.path("batch").asText()).containsOnly("old");

        JsonNode trip = live.getJson("/api/v1/assets?batch=trip");
        assertThat(pathsOf(trip)).containsExactlyInAnyOrder(live.path("trip/clip.mp4"), live.path("trip/tone.mp3"));

        JsonNode nobody = live.getJson("/api/v1/assets?batch=no%20such%20batch");
        assertThat(nobody.path("total").asLong()).isZero();
        assertThat(items(nobody)).isEmpty();
    }

    @Test
    void combinesFilters() {
        JsonNode oldVideoOk = live.getJson("/api/v1/assets?batch=old&kind=video&status=ok");
        assertThat(pathsOf(oldVideoOk)).containsExactly(live.path("old/legacy.avi"));
        assertThat(oldVideoOk.path("total").asLong()).isEqualTo(1);

        JsonNode tripVideo = live.getJson("/api/v1/assets?batch=trip&kind=video");
        assertThat(pathsOf(tripVideo)).containsExactly(live.path("trip/clip.mp4"));
    }

    @Test
    void sortsByName() {
        List<String> titles = items(live.getJson("/api/v1/assets?sort=name&limit=1000")).stream()
                .map(i -> i.path("title").asText()).toList();
        assertThat(titles).hasSize(LiveServer.LAYOUT.size());
        assertThat(titles).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        assertThat(titles).containsExactly("broken", "clip", "frame", "legacy", "short", "tone", "tone");
    }

    @Test
    void sortsBySizeLargestFirst() {
        List<JsonNode> items = items(live.getJson("/api/v1/assets?sort=size&limit=1000"));
        assertThat(items).hasSize(LiveServer.LAYOUT.size());
        List<Long> sizes = items.stream().map(i -> i.path("sizeBytes").asLong()).toList();
        assertThat(sizes).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void sortsByDurationLongestFirstWithoutDurationLast() {
        List<JsonNode> items = items(live.getJson("/api/v1/assets?sort=duration&limit=1000"));
        assertThat(items).hasSize(LiveServer.LAYOUT.size());
        List<Double> known = new ArrayList<>();
        boolean seenNull = false;
        for (JsonNode i : items) {
            if (i.path("durationSec").isNull()) {
                seenNull = true;
            } else {
                assertThat(seenNull).as("an asset with a duration after one without: %s", items).isFalse();
                known.add(i.path("durationSec").asDouble());
            }
        }
        assertThat(known).hasSize(5).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(items.get(items.size() - 1).path("durationSec").isNull()).isTrue();
        assertThat(items.get(0).path("durationSec").asDouble()).isGreaterThan(1.5);
    }

    @Test
    void summariesCarryCaptureTimeAndTheTimelineCountsEveryAsset() {
        List<JsonNode> all = items(live.getJson("/api/v1/assets?limit=1000"));
        for (JsonNode a : all) {
            assertThat(Instant.parse(a.path("capturedAt").asText())).as("capturedAt of %s", a).isNotNull();
            assertThat(a.path("captureSource").asText()).as("captureSource of %s", a)
                    .isIn("quicktime", "exif", "xmp", "filename", "mtime");
            assertThat(Instant.parse(a.path("addedAt").asText())).isNotNull();
        }
        JsonNode years = live.getJson("/api/v1/timeline?by=year");
        assertThat(years.path("by").asText()).isEqualTo("year");
        long counted = 0;
        for (JsonNode b : years.path("buckets")) {
            assertThat(b.path("period").asText()).matches("\\d{4}");
            assertThat(b.path("durationSec").isNumber()).isTrue();
            counted += b.path("count").asLong();
        }
        assertThat(counted).isEqualTo(all.size());
        String firstYear = years.path("buckets").get(0).path("period").asText();
        JsonNode days = live.getJson("/api/v1/timeline?by=day&from=" + firstYear + "&to=" + firstYear);
        assertThat(days.path("buckets").get(0).path("period").asText()).startsWith(firstYear + "-");
        assertThat(live.getJson("/api/v1/timeline?from=1990&to=1990").path("buckets")).isEmpty();

        assertThat(LiveServer.assertJsonError("by=week", live.get("/api/v1/timeline?by=week"), 400).path("message").asText())
                .isEqualTo("invalid by 'week'; allowed: year, month, day");
        for (String bad : List.of("from=2024-13", "to=yesterday", "from=2024&to=2023")) {
            HttpResponse<String> r = live.get("/api/v1/timeline?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(422);
            JsonNode error = LiveServer.parse(r.body()).path("error");
            assertThat(error.path("code").asText()).as(bad).isEqualTo("invalid");
            assertThat(error.path("message").asText()).as(bad).doesNotContain("Exception");
        }
    }

    @Test
    void sortsNewestFirstByDefault() {
        List<JsonNode> byDefault = items(live.getJson("/api/v1/assets?limit=1000"));
        List<JsonNode> newest = items(live.getJson("/api/v1/assets?sort=newest&limit=1000"));
        assertThat(ids(byDefault)).isEqualTo(ids(newest));
        Comparator<JsonNode> newestFirst = Comparator
                .comparing((JsonNode i) -> Instant.parse(i.path("capturedAt").asText())).reversed()
                .thenComparing(Comparator.comparingLong((JsonNode i) -> i.path("id").asLong()).reversed());
        assertThat(newest).isSortedAccordingTo(newestFirst);

        List<JsonNode> oldest = items(live.getJson("/api/v1/assets?sort=oldest&limit=1000"));
        List<Long> reversed = new ArrayList<>(ids(newest));
        java.util.Collections.reverse(reversed);
        assertThat(ids(oldest)).isEqualTo(reversed);
    }

    @Test
    void sortNamesAreCaseInsensitive() {
        assertThat(ids(items(live.getJson("/api/v1/assets?sort=NAME&limit=1000"))))
                .isEqualTo(ids(items(live.getJson("/api/v1/assets?sort=name&limit=1000"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"newest", "oldest", "name", "size", "duration"})
    void pagesAreDisjointStableAndCoverEverything(String sort) {
        List<Long> all = ids(items(live.getJson("/api/v1/assets?sort=" + sort + "&limit=1000")));
        assertThat(all).hasSize(LiveServer.LAYOUT.size()).doesNotHaveDuplicates();
        // the same query twice gives the same order
        assertThat(ids(items(live.getJson("/api/v1/assets?sort=" + sort + "&limit=1000")))).isEqualTo(all);

        List<Long> paged = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int offset = 0; offset < all.size() + 2; offset += 2) {
            JsonNode page = live.getJson("/api/v1/assets?sort=" + sort + "&limit=2&offset=" + offset);
            assertThat(page.path("total").asLong()).isEqualTo(all.size());
            assertThat(page.path("limit").asInt()).isEqualTo(2);
            assertThat(page.path("offset").asInt()).isEqualTo(offset);
            List<Long> pageIds = ids(items(page));
            assertThat(pageIds.size()).isEqualTo(Math.max(0, Math.min(2, all.size() - offset)));
            for (long id : pageIds) {
                assertThat(seen.add(id)).as("id %d on two pages (sort %s)", id, sort).isTrue();
            }
            paged.addAll(pageIds);
        }
        assertThat(paged).isEqualTo(all);
    }

    @Test
    void pagingWorksWithFilters() {
        List<Long> videos = ids(items(live.getJson("/api/v1/assets?kind=video&sort=name&limit=1000")));
        JsonNode first = live.getJson("/api/v1/assets?kind=video&sort=name&limit=3");
        JsonNode second = live.getJson("/api/v1/assets?kind=video&sort=name&limit=3&offset=3");
        assertThat(first.path("total").asLong()).isEqualTo(4);
        assertThat(second.path("total").asLong()).isEqualTo(4);
        List<Long> both = new ArrayList<>(ids(items(first)));
        both.addAll(ids(items(second)));
        assertThat(both).isEqualTo(videos).hasSize(4);
    }

    @Test
    void offsetPastTheEndIsAnEmptyPage() {
        JsonNode page = live.getJson("/api/v1/assets?offset=1000");
        assertThat(page.path("total").asLong()).isEqualTo(LiveServer.LAYOUT.size());
        assertThat(page.path("offset").asInt()).isEqualTo(1000);
        assertThat(items(page)).isEmpty();
    }

    @Test
    void limitBoundsAreAccepted() {
        assertThat(items(live.getJson("/api/v1/assets?limit=1"))).hasSize(1);
        assertThat(live.getJson("/api/v1/assets?limit=1").path("limit").asInt()).isEqualTo(1);
        assertThat(items(live.getJson("/api/v1/assets?limit=" + DamServer.MAX_LIMIT))).hasSize(LiveServer.LAYOUT.size());
    }

    // ------------------------------------------------------------ details

    @Test
    void detailsOfAVideo() throws Exception {
        String path = live.path("trip/clip.mp4");
        long id = live.idOf("trip/clip.mp4");
        JsonNode d = live.getJson("/api/v1/assets/" + id);

        assertThat(d.path("id").asLong()).isEqualTo(id);
        assertThat(d.path("path").asText()).isEqualTo(path);
        assertThat(d.path("kind").asText()).isEqualTo("video");
        assertThat(d.path("status").asText()).isEqualTo("ok");
        assertThat(d.path("width").asInt()).isEqualTo(320);
        assertThat(d.path("height").asInt()).isEqualTo(240);
        assertThat(d.path("videoCodec").asText()).isEqualTo("h264");
        assertThat(d.path("audioCodec").asText()).isEqualTo("aac");
        assertThat(d.path("quickHash").asText()).isNotBlank();

        JsonNode locations = d.path("locations");
        assertThat(locations.isArray()).isTrue();
        assertThat(locations.size()).isEqualTo(1);
        JsonNode loc = locations.get(0);
        assertThat(loc.path("path").asText()).isEqualTo(path);
        assertThat(loc.path("sizeBytes").asLong()).isEqualTo(Files.size(Path.of(path)));
        assertThat(loc.path("missing").asBoolean(true)).isFalse();
        assertThat(Instant.parse(loc.path("modifiedAt").asText()))
                .isEqualTo(Files.getLastModifiedTime(Path.of(path)).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        JsonNode versions = d.path("versions");
        assertThat(versions.isArray()).isTrue();
        assertThat(versions.size()).isEqualTo(1);
        assertThat(versions.get(0).path("versionNo").asInt()).isEqualTo(1);
        assertThat(versions.get(0).path("sizeBytes").asLong()).isEqualTo(Files.size(Path.of(path)));
        assertThat(versions.get(0).path("quickHash").asText()).isEqualTo(d.path("quickHash").asText());

        JsonNode streams = d.path("streams");
        assertThat(streams.isArray()).isTrue();
        assertThat(streams.size()).isEqualTo(2);
        Map<String, String> codecByType = new java.util.HashMap<>();
        streams.forEach(s -> codecByType.put(s.path("type").asText(), s.path("codec").asText()));
        assertThat(codecByType).containsEntry("video", "h264").containsEntry("audio", "aac");
        JsonNode video = java.util.stream.StreamSupport.stream(streams.spliterator(), false)
                .filter(s -> s.path("type").asText().equals("video")).findFirst().orElseThrow();
        assertThat(video.path("width").asInt()).isEqualTo(320);
        assertThat(video.path("height").asInt()).isEqualTo(240);
    }

    @Test
    void detailsMatchTheSummaryForEveryAsset() {
        for (JsonNode item : items(live.getJson("/api/v1/assets?limit=1000"))) {
            JsonNode d = live.getJson("/api/v1/assets/" + item.path("id").asLong());
            for (String field : SUMMARY_FIELDS) {
                assertThat(d.get(field)).as("%s of asset %s", field, item.path("path").asText()).isEqualTo(item.get(field));
            }
            assertThat(d.path("locations").size()).isEqualTo(1);
            assertThat(d.path("versions").size()).isEqualTo(1);
        }
    }

    @Test
    void detailsOfAFailedAsset() {
        long id = live.idOf("old/broken.mp4");
        JsonNode d = live.getJson("/api/v1/assets/" + id);
        assertThat(d.path("status").asText()).isEqualTo("failed");
        assertThat(d.path("error").asText()).isNotBlank();
        assertThat(d.path("versions").get(0).path("error").asText()).isNotBlank();
        assertThat(d.path("locations").get(0).path("path").asText()).isEqualTo(live.path("old/broken.mp4"));
    }

    @Test
    void unknownIdIsNotFound() {
        long max = items(live.getJson("/api/v1/assets?limit=1000")).stream().mapToLong(i -> i.path("id").asLong()).max().orElseThrow();
        for (String id : List.of(String.valueOf(max + 1), "999999999999999999", Long.toString(Long.MAX_VALUE))) {
            HttpResponse<String> r = live.get("/api/v1/assets/" + id);
            JsonNode error = LiveServer.assertJsonError("GET /api/v1/assets/" + id, r, 404);
            assertThat(error.path("code").asText()).isEqualTo("not_found");
            assertThat(error.path("message").asText()).contains(id);
        }
    }

    private static List<String> pathsOf(JsonNode page) {
        return items(page).stream().map(i -> i.path("path").asText()).collect(Collectors.toList());
    }

    private static List<Long> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.path("id").asLong()).toList();
    }
}
