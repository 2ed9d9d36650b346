package org.thatdam.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.catalog.SceneRepository.NewBeat;
import org.thatdam.catalog.SceneRepository.NewScene;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.Scene;
import org.thatdam.model.SceneText;
import org.thatdam.model.StoredVector;
import org.thatdam.search.SearchHit;
import org.thatdam.search.SearchMatch;
import org.thatdam.search.SearchMode;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchResult;
import org.thatdam.semantic.embed.TextEmbedder;

/**
 * The index fed from the catalog's scenes, on-screen text and stored vectors, searched with the real
 * all-MiniLM-L6-v2 query embedder; rebuilt from the stored vectors alone.
 */
class SemanticSearchServiceTest {

    @TempDir Path tmp;

    static final TextEmbedder EMBEDDER = new TextEmbedder();

    static SearchResult q(Dam dam, String query, SearchMode mode) {
        return dam.search().search(new SearchRequest(query, null, 20, 0, true, Map.of(), mode));
    }

    static List<String> titles(SearchResult r) {
        return r.items().stream().map(SearchHit::title).toList();
    }

    /** Describes an asset and stores the vector of its text, as the embedding job does. */
    static long describe(Dam dam, Path file, String title, String description) {
        long id = DamTesting.at(dam, file).asset().id();
        dam.assets().update(id, AssetPatch.none().withTitle(title).withDescription(description), Actor.commandLine());
        float[] v = EMBEDDER.embed(title + ". " + description);
        dam.catalog().write(s -> {
            s.embeddings().putAsset(id, new StoredVector(TextEmbedder.MODEL, "h", v));
            return null;
        });
        return id;
    }

    @Test
    void findsByMeaningSaysWhereAndRebuildsFromStoredVectors() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "talk.mp4");
        TestMedia.copy(TestMedia.aviMsmpeg4v3(), media, "platform.avi");
        TestMedia.copy(TestMedia.mp3(), media, "purr.mp3");
        Path index;
        long slides;
        List<Long> beats;
        try (Dam dam = DamTesting.openDam(tmp)) {
            DamTesting.scan(dam, media);
            describe(dam, media.resolve("platform.avi"), "Morning commute",
                    "Commuters hurry along a crowded train platform at rush hour");
            describe(dam, media.resolve("purr.mp3"), "Cat nap", "A kitten purring asleep on the sofa");
            long talk = describe(dam, media.resolve("talk.mp4"), "All hands", "Quarterly company meeting");
            // the talk's slides: a scene from 0:40 to 1:00 whose beats show "Q3 roadmap" from 0:42 to 0:51
            List<Scene> scenes = dam.catalog().write(s -> s.scenes().replace(talk,
                    s.assets().versions(talk).get(0).id(), List.of(
                            new NewScene(0, 40, null, null, null, List.of(new NewBeat(0, 40, 2.0, null, null))),
                            new NewScene(40, 60, null, null, null, List.of(new NewBeat(40, 42, 41.0, null, null),
                                    new NewBeat(42, 46, 44.0, null, null), new NewBeat(46, 51, 48.0, null, null),
                                    new NewBeat(51, 60, 55.0, null, null))))));
            assertThat(scenes.get(1).level()).isEqualTo(1);
            slides = scenes.get(1).id();
            Scene first = scenes.get(2);
            Scene roadmap1 = scenes.get(4);
            Scene roadmap2 = scenes.get(5);
            dam.catalog().write(s -> {
                s.sceneTexts().replaceForScene(first.id(), List.of(new SceneText(first.id(), 0, "Welcome everyone", 0.9, 0.1, 0.1, 0.5, 0.1)));
                for (Scene b : List.of(roadmap1, roadmap2)) {
                    s.sceneTexts().replaceForScene(b.id(), List.of(new SceneText(b.id(), 0, "Q3 roadmap", 0.95, 0.1, 0.1, 0.5, 0.1)));
                    s.embeddings().putScene(b.id(), talk, new StoredVector(TextEmbedder.MODEL, "h", EMBEDDER.embed("Q3 roadmap")));
                }
                return null;
            });
            dam.search().catchUp();

            beats = List.of(roadmap1.id(), roadmap2.id());
            assertOneCorpus(dam, slides, beats);
            index = dam.layout().indexDir();
        }
        // the index is a projection: deleted, it comes back from the catalog with the vectors as stored
        try (var files = java.nio.file.Files.walk(index)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
        }
        try (Dam dam = DamTesting.openDam(tmp)) {
            assertThat(dam.search().rebuilds()).isEqualTo(1);
            assertOneCorpus(dam, slides, beats);
        }
    }

    private static void assertOneCorpus(Dam dam, long slides, List<Long> itsBeats) {
        // a paraphrase finds the commute first, and nothing unrelated passes the floor
        SearchResult station = q(dam, "people walking in a station", SearchMode.SEMANTIC);
        assertThat(titles(station)).first().isEqualTo("Morning commute");
        assertThat(titles(station)).doesNotContain("Cat nap");
        assertThat(q(dam, "sleeping cat", SearchMode.SEMANTIC).items()).extracting(SearchHit::title).first().isEqualTo("Cat nap");
        assertThat(q(dam, "zxqv blorptang", SearchMode.SEMANTIC).total()).isZero();

        // words on the slides find the video, and the hit says where
        SearchResult words = q(dam, "roadmap", SearchMode.HYBRID);
        assertThat(titles(words)).first().isEqualTo("All hands");
        List<SearchMatch> at = words.items().get(0).matches();
        assertThat(at).hasSize(1);
        assertThat(at.get(0).startSec()).isEqualTo(42.0);
        assertThat(at.get(0).endSec()).isEqualTo(51.0);
        assertThat(at.get(0).text()).isEqualTo("Q3 roadmap");

        // meaning without the words: the plan for next quarter is on the slides
        SearchResult plan = q(dam, "plans for the next quarter", SearchMode.SEMANTIC);
        assertThat(titles(plan)).first().isEqualTo("All hands");
        assertThat(plan.items().get(0).matches()).extracting(SearchMatch::startSec).containsExactly(42.0);

        // filters apply; keyword mode does not know the paraphrase
        assertThat(titles(q(dam, "kind:audio people walking in a station", SearchMode.SEMANTIC))).isEmpty();
        assertThat(q(dam, "people walking in a station", SearchMode.KEYWORD).total()).isZero();
        long commute = dam.search().search(SearchRequest.of("commute")).items().get(0).id();
        assertThat(titles(q(dam, "similar:" + commute, SearchMode.HYBRID))).doesNotContain("Morning commute");

        // a beat's neighbours: the other roadmap beat
        SearchResult likeBeat = q(dam, "similar:scene:" + itsBeats.get(0), SearchMode.HYBRID);
        assertThat(likeBeat.items()).flatExtracting(SearchHit::matches).extracting(SearchMatch::sceneId)
                .containsExactly(itsBeats.get(1));
        // a scene (as the scene strip lists them) has no vectors of its own: its beats' stand for it and are
        // no hit; nothing else here is about a roadmap, so nothing passes the floor (and it is no error)
        SearchResult likeSlides = q(dam, "similar:scene:" + slides, SearchMode.HYBRID);
        assertThat(likeSlides.items()).isEmpty();
    }
}
