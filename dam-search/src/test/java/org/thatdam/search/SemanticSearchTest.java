package org.thatdam.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * Scene documents, vector fields and the search modes, with vectors given directly: each axis of an
 * 8-dimensional space stands for one topic, and the query embedder maps the test's phrases onto them.
 */
class SemanticSearchTest {

    @TempDir
    Path tmp;

    SearchIndex index;

    static float[] axis(int i, float... rest) {
        float[] v = new float[8];
        v[i] = 1;
        for (int k = 0; k + 1 < rest.length; k += 2) v[(int) rest[k]] = rest[k + 1];
        return v;
    }

    static final Map<String, float[]> PHRASES = Map.of(
            "people walking in a station", axis(0, 3, 0.2f),
            "sleepy kitten", axis(1),
            "quarterly plan", axis(2, 0, 0.1f),
            "roadmap", axis(2),
            "xqzv blorf", axis(7));

    @BeforeEach
    void open() {
        index = SearchIndex.open(tmp.resolve("index"));
        index.queryEmbedder(IndexedAsset.TEXT_MODEL, words -> PHRASES.get(words));
        // commuters: its own text says nothing of stations; its vector does
        index.upsert(TestAssets.asset(1, "/v/commuters.mp4").build().withSemantic(Map.of("text", axis(0, 4, 0.3f)), List.of()));
        index.upsert(TestAssets.asset(2, "/v/cat.mp4").kind("video").build().withSemantic(Map.of("text", axis(1)), List.of()));
        // a talk whose slides show the roadmap from 0:42 to 0:51 (two beats) inside a scene from 0:40 to 1:00
        index.upsert(TestAssets.asset(3, "/v/all-hands.mp4").build().withSemantic(Map.of("text", axis(5)), List.of(
                new IndexedScene(30, 1, 40, 60, null, null, null),
                new IndexedScene(31, 2, 0, 5, "Welcome", axis(6), null),
                new IndexedScene(32, 2, 42, 46.5, "Q3 roadmap", axis(2), null),
                new IndexedScene(33, 2, 46.5, 51, "Q3 roadmap", axis(2, 0, 0.05f), null))));
        // a file named after the roadmap, nothing inside
        index.upsert(TestAssets.asset(4, "/v/roadmap-notes.wav").kind("audio").noPicture().build());
        index.upsert(TestAssets.asset(5, "/v/kitten.jpg").kind("image").build()
                .withSemantic(Map.of("text", axis(1, 0, 0.2f)), List.of()));
        index.commit();
    }

    @AfterEach
    void close() {
        index.close();
    }

    static SearchRequest request(String q, SearchMode mode) {
        return new SearchRequest(q, null, 50, 0, true, Map.of(), mode);
    }

    static List<Long> ids(SearchResult r) {
        return r.items().stream().map(SearchHit::id).toList();
    }

    @Test
    void sceneDocumentsStayOutOfAssetQueriesCountsAndFacets() {
        assertThat(index.count()).isEqualTo(5);
        SearchResult all = index.search(request("", SearchMode.KEYWORD));
        assertThat(all.total()).isEqualTo(5);
        assertThat(all.facets().get("kind")).extracting(FacetCount::count).containsExactly(3L, 1L, 1L);
        assertThat(index.ids("", Map.of(), 100)).containsExactly(1, 2, 3, 4, 5);
        assertThat(index.search(request("-roadmap", SearchMode.KEYWORD)).total()).isEqualTo(3);
    }

    @Test
    void sceneTextFindsTheVideoAndSaysWhere() {
        SearchResult r = index.search(request("roadmap", SearchMode.KEYWORD));
        assertThat(ids(r)).containsExactlyInAnyOrder(3L, 4L);
        SearchHit talk = r.items().stream().filter(h -> h.id() == 3).findFirst().orElseThrow();
        // the two beats merge into one run; the scene around them is not repeated
        assertThat(talk.matches()).containsExactly(new SearchMatch(42, 51, "Q3 roadmap", 32));
        assertThat(r.items().stream().filter(h -> h.id() == 4).findFirst().orElseThrow().matches()).isEmpty();
    }

    @Test
    void semanticRanksByMeaningAndKeepsToTheFloor() {
        SearchResult r = index.search(request("people walking in a station", SearchMode.SEMANTIC));
        assertThat(ids(r)).containsExactly(1L);
        assertThat(r.total()).isEqualTo(1);
        assertThat(r.items().get(0).score()).isGreaterThan(0.9f);

        SearchResult kitten = index.search(request("sleepy kitten", SearchMode.SEMANTIC));
        assertThat(ids(kitten)).containsExactly(2L, 5L);

        SearchResult nonsense = index.search(request("xqzv blorf", SearchMode.SEMANTIC));
        assertThat(nonsense.total()).isZero();
        assertThat(nonsense.items()).isEmpty();
    }

    @Test
    void semanticMatchesScenesAndRollsThemUpToTheirAsset() {
        SearchResult r = index.search(request("quarterly plan", SearchMode.SEMANTIC));
        assertThat(ids(r)).containsExactly(3L);
        // the beat nearest the query (33 leans towards it) names the run
        assertThat(r.items().get(0).matches()).containsExactly(new SearchMatch(42, 51, "Q3 roadmap", 33));
    }

    @Test
    void filtersAndFacetsApplyToSemanticHits() {
        SearchResult r = index.search(request("kind:image sleepy kitten", SearchMode.SEMANTIC));
        assertThat(ids(r)).containsExactly(5L);
        SearchResult faceted = index.search(request("sleepy kitten", SearchMode.SEMANTIC));
        assertThat(faceted.facets().get("kind")).containsExactlyInAnyOrder(new FacetCount("video", 1), new FacetCount("image", 1));
        SearchResult selected = index.search(new SearchRequest("sleepy kitten", null, 50, 0, true,
                Map.of("kind", List.of("video")), SearchMode.SEMANTIC));
        assertThat(ids(selected)).containsExactly(2L);
        // the facet's own counts leave its own selection out
        assertThat(selected.facets().get("kind")).contains(new FacetCount("image", 1));
        SearchResult sorted = index.search(new SearchRequest("sleepy kitten", SearchSort.SIZE, 50, 0, false, Map.of(),
                SearchMode.SEMANTIC));
        assertThat(ids(sorted)).containsExactlyInAnyOrder(2L, 5L);
    }

    @Test
    void hybridFusesKeywordAndVectorRankings() {
        // "roadmap": the talk matches by words (its slides) and by meaning (its beats); the notes by words only
        SearchResult r = index.search(request("roadmap", SearchMode.HYBRID));
        assertThat(ids(r)).containsExactly(3L, 4L);
        assertThat(r.total()).isEqualTo(2);
        // "quarterly plan" matches no words: hybrid still finds the talk by meaning
        SearchResult meaning = index.search(request("quarterly plan", SearchMode.HYBRID));
        assertThat(ids(meaning)).containsExactly(3L);
        // a word only the cat's path has, beside a meaning only the commuters have: the union, both counted
        index.queryEmbedder(IndexedAsset.TEXT_MODEL, w -> w.equals("cat") ? axis(0) : null);
        SearchResult union = index.search(request("cat", SearchMode.HYBRID));
        assertThat(ids(union)).containsExactlyInAnyOrder(1L, 2L);
        assertThat(union.facets().get("kind")).containsExactly(new FacetCount("video", 2));
    }

    @Test
    void withoutAnEmbedderSemanticSaysSoAndHybridMatchesWords() {
        index.queryEmbedder(IndexedAsset.TEXT_MODEL, w -> null);
        assertThatThrownBy(() -> index.search(request("sleepy kitten", SearchMode.SEMANTIC)))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("semantic search is not available");
        assertThat(ids(index.search(request("kitten", SearchMode.HYBRID)))).containsExactly(5L);
    }

    @Test
    void similarFindsNeighboursOfAnAssetOrASceneFromStoredVectors() {
        SearchResult r = index.search(request("similar:2", SearchMode.SEMANTIC));
        assertThat(ids(r)).containsExactly(5L);
        assertThat(r.sort()).isEqualTo("relevance");
        SearchResult scene = index.search(request("similar:scene:32", SearchMode.HYBRID));
        assertThat(ids(scene)).containsExactly(3L);
        assertThat(scene.items().get(0).matches()).extracting(SearchMatch::sceneId).containsExactly(33L);
        assertThatThrownBy(() -> index.search(request("similar:99", SearchMode.HYBRID)))
                .isInstanceOf(QueryException.class).hasMessageContaining("asset 99 has no vectors");
        assertThatThrownBy(() -> index.search(request("similar:x", SearchMode.HYBRID)))
                .isInstanceOf(QueryException.class).hasMessageContaining("similar:ID or similar:scene:ID");
        assertThatThrownBy(() -> index.search(request("-similar:2", SearchMode.HYBRID)))
                .isInstanceOf(QueryException.class).hasMessageContaining("only be combined with AND");
    }

    @Test
    void similarToASceneUsesTheMeanOfItsBeatsAndLeavesThemOut() {
        // a clip whose one scene (0:00 to 0:10) has one beat close to the talk's roadmap beats
        index.upsert(TestAssets.asset(6, "/v/planning.mp4").build().withSemantic(Map.of(), List.of(
                new IndexedScene(60, 1, 0, 10, null, null, null),
                new IndexedScene(61, 2, 2, 8, null, axis(2, 1, 0.1f), null))));
        index.commit();
        // scene 30 (0:40 to 1:00) has no vectors of its own: its beats 32 and 33 stand for it, and are no hit
        SearchResult r = index.search(request("similar:scene:30", SearchMode.HYBRID));
        assertThat(ids(r)).containsExactly(6L);
        assertThat(r.items().get(0).matches()).extracting(SearchMatch::sceneId).containsExactly(61L);
        assertThat(ids(index.search(request("similar:scene:60", SearchMode.SEMANTIC)))).containsExactly(3L);
        // a scene none of whose beats is analysed, and an unknown one
        index.upsert(TestAssets.asset(7, "/v/raw.mp4").build().withSemantic(Map.of(), List.of(
                new IndexedScene(70, 1, 0, 10, null, null, null), new IndexedScene(71, 2, 0, 10, null, null, null))));
        index.commit();
        for (String q : List.of("similar:scene:70", "similar:scene:999")) {
            assertThatThrownBy(() -> index.search(request(q, SearchMode.HYBRID)))
                    .isInstanceOf(QueryException.class).hasMessageContaining("has no vectors");
        }
    }

    @Test
    void similarNeedsSemanticOrHybridSearch() {
        assertThatThrownBy(() -> index.search(request("similar:2", SearchMode.KEYWORD)))
                .isInstanceOf(QueryException.class).hasMessageStartingWith("similar: needs semantic or hybrid search");
    }

    @Test
    void longQueriesAreForTheEmbedderAloneInSemanticMode() {
        String q = "people walking in a station ".repeat(70);
        index.queryEmbedder(IndexedAsset.TEXT_MODEL, w -> w.startsWith("people walking") ? axis(0, 3, 0.2f) : null);
        assertThat(ids(index.search(request(q, SearchMode.SEMANTIC)))).containsExactly(1L);
        // hybrid keeps its vector half: the words are too many for the keyword half
        assertThat(ids(index.search(request(q, SearchMode.HYBRID)))).containsExactly(1L);
        assertThatThrownBy(() -> index.search(request(q, SearchMode.KEYWORD)))
                .isInstanceOf(QueryException.class).hasMessageContaining("too many search terms at 356 (at most 64)");
        assertThatThrownBy(() -> index.ids(q, Map.of(), 100))
                .isInstanceOf(QueryException.class).hasMessageContaining("too many search terms");
        assertThatThrownBy(() -> request(q, SearchMode.KEYWORD).validate()).isInstanceOf(QueryException.class);
        assertThat(request(q, SearchMode.SEMANTIC).validate()).isNotNull();
        // hybrid without a query vector is a keyword search, so it is refused too
        index.queryEmbedder(IndexedAsset.TEXT_MODEL, w -> null);
        assertThatThrownBy(() -> index.search(request(q, SearchMode.HYBRID)))
                .isInstanceOf(QueryException.class).hasMessageContaining("too many search terms");
        // filters stay limited in every mode: they are compiled whatever the mode
        assertThatThrownBy(() -> index.search(request("codec:" + "h264,".repeat(100), SearchMode.SEMANTIC)))
                .isInstanceOf(QueryException.class).hasMessageContaining("too many search terms");
    }

    @Test
    void upsertAndDeleteReplaceAnAssetsScenes() {
        index.upsert(TestAssets.asset(3, "/v/all-hands.mp4").build());
        index.commit();
        assertThat(ids(index.search(request("roadmap", SearchMode.KEYWORD)))).containsExactly(4L);
        assertThat(index.search(request("quarterly plan", SearchMode.SEMANTIC)).total()).isZero();
        index.delete(2);
        index.commit();
        assertThat(ids(index.search(request("sleepy kitten", SearchMode.SEMANTIC)))).containsExactly(5L);
        assertThat(index.count()).isEqualTo(4);
    }

    @Test
    void vectorsSurviveReopeningAndRebuilding() {
        index.close();
        index = SearchIndex.open(tmp.resolve("index"));
        assertThat(ids(index.search(request("similar:scene:32", SearchMode.HYBRID)))).containsExactly(3L);
        index.rebuild(List.of(TestAssets.asset(7, "/v/seven.mp4").build().withSemantic(Map.of("text", axis(1)), List.of()),
                TestAssets.asset(8, "/v/eight.mp4").build().withSemantic(Map.of("text", axis(1, 2, 0.1f)), List.of())));
        assertThat(ids(index.search(request("similar:7", SearchMode.SEMANTIC)))).containsExactly(8L);
    }

    @Test
    void modesParse() {
        assertThat(SearchMode.parse(null)).isEqualTo(SearchMode.HYBRID);
        assertThat(SearchMode.parse(" Semantic ")).isEqualTo(SearchMode.SEMANTIC);
        assertThatThrownBy(() -> SearchMode.parse("fuzzy")).isInstanceOf(DamException.class)
                .hasMessage("unknown search mode 'fuzzy' (modes: keyword, semantic, hybrid)");
    }
}
