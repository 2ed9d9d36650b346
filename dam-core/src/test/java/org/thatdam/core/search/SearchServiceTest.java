package org.thatdam.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.catalog.CatalogUrl;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.search.QueryException;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchResult;
import org.thatdam.search.SearchSort;

/** The index follows the catalog's change log: built from it, caught up from its position, rebuilt when lost. */
@Isolated // reads what the process logs: alone, so no other class's library adds lines
class SearchServiceTest {

    @TempDir Path tmp;

    static SearchResult q(Dam dam, String query) {
        return dam.search().search(new SearchRequest(query, SearchSort.RELEVANCE, 50, 0, true));
    }

    static List<String> titles(SearchResult r) {
        return r.items().stream().map(h -> h.title()).toList();
    }

    @Test
    void followsScansEditsAndRemovals() throws Exception {
        followsScansEditsAndRemovals(tmp, CatalogUrl.Engine.SQLITE);
    }

    /** Also run on PostgreSQL ({@link SearchOnPostgresTest}). */
    static void followsScansEditsAndRemovals(Path tmp, CatalogUrl.Engine engine) throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media.resolve("Screen Records"), "vtest.mp4");
        TestMedia.copy(TestMedia.aviMsmpeg4v3(), media.resolve("Old Drive"), "holiday_1999.avi");
        TestMedia.copy(TestMedia.mp3(), media.resolve("Old Drive"), "tone.mp3");
        try (Dam dam = DamTesting.openDam(tmp, engine)) {
            assertThat(dam.search().count()).isZero();
            DamTesting.scan(dam, media);
            dam.search().catchUp();
            assertThat(titles(q(dam, "vtes"))).containsExactly("vtest");
            assertThat(titles(q(dam, "kind:video"))).containsExactlyInAnyOrder("vtest", "holiday_1999");
            assertThat(titles(q(dam, "codec:msmpeg4v3"))).containsExactly("holiday_1999");
            assertThat(titles(q(dam, "batch:\"Screen Records\""))).containsExactly("vtest");
            SearchResult all = q(dam, "*");
            assertThat(all.total()).isEqualTo(3);
            assertThat(all.facets().get("kind")).extracting(f -> f.value() + "=" + f.count())
                    .containsExactlyInAnyOrder("video=2", "audio=1");

            long id = DamTesting.at(dam, media.resolve("Old Drive/tone.mp3")).asset().id();
            dam.assets().update(id, AssetPatch.none().withTitle("Beach waves")
                    .withTags(List.of("sea", "summer")).withDescription("recorded at dawn"), Actor.commandLine());
            dam.search().catchUp();
            assertThat(titles(q(dam, "beach"))).containsExactly("Beach waves");
            assertThat(titles(q(dam, "tag:summer"))).containsExactly("Beach waves");
            assertThat(titles(q(dam, "dawn"))).containsExactly("Beach waves");

            var marked = dam.assets().update(id, AssetPatch.none().withRating(4).withFavourite(true).withLabel("Red"),
                    Actor.commandLine()).asset();
            assertThat(marked.rating()).isEqualTo(4);
            assertThat(marked.favourite()).isTrue();
            assertThat(marked.label()).isEqualTo(org.thatdam.model.ColourLabel.RED);
            dam.search().catchUp();
            assertThat(titles(q(dam, "rating:>=4 is:favourite label:red"))).containsExactly("Beach waves");
            assertThat(q(dam, "label:none").total()).isEqualTo(2);
            assertThatThrownBy(() -> dam.assets().update(id, AssetPatch.none().withRating(6), Actor.commandLine()))
                    .hasMessage("rating must be 0–5 stars (0 = unrated), not 6");
            assertThatThrownBy(() -> dam.assets().update(id, AssetPatch.none().withTitle("ok").withLabel("mauve"),
                    Actor.commandLine()))
                    .hasMessage("unknown colour label 'mauve' (expected red, yellow, green, blue or purple)");
            assertThat(dam.assets().details(id).orElseThrow().asset().title()).isEqualTo("Beach waves");
            var cleared = dam.assets().update(id, AssetPatch.none().withLabel("none").withRating(0), Actor.commandLine());
            assertThat(cleared.asset().label()).isNull();
            assertThat(cleared.asset().rating()).isZero();
            assertThat(cleared.asset().favourite()).isTrue();

            dam.batches().renameBatch("Old Drive", "Archive", Actor.commandLine());
            dam.search().catchUp();
            assertThat(q(dam, "batch:Archive").total()).isEqualTo(2);

            dam.assets().delete(id, Actor.commandLine());
            dam.search().catchUp();
            assertThat(q(dam, "beach").total()).isZero();
            assertThat(dam.search().count()).isEqualTo(2);

            assertThatThrownBy(() -> q(dam, "\"unbalanced")).isInstanceOf(QueryException.class);
        }
    }

    @Test
    void aLostOrDamagedIndexIsRebuiltFromTheCatalog() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "first.mp4");
        TestMedia.copy(TestMedia.shortClip(), media, "second.mp4");
        Path index;
        try (Dam dam = DamTesting.openDam(tmp)) {
            DamTesting.scan(dam, media);
            dam.search().catchUp();
            assertThat(dam.search().count()).isEqualTo(2);
            index = dam.layout().indexDir();
        }
        // deleted: rebuilt on open
        try (var s = Files.walk(index)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (Dam dam = DamTesting.openDam(tmp)) {
            assertThat(dam.search().count()).isEqualTo(2);
            assertThat(titles(q(dam, "second"))).containsExactly("second");
        }
        // garbage in place of index files: rebuilt on open
        try (var s = Files.list(index)) {
            for (Path p : s.toList()) Files.write(p, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        try (Dam dam = DamTesting.openDam(tmp)) {
            assertThat(dam.search().count()).isEqualTo(2);
            long rebuilt = dam.search().rebuild(Actor.commandLine());
            assertThat(rebuilt).isEqualTo(2);
            assertThat(titles(q(dam, "first"))).containsExactly("first");
        }
    }

    @Test
    void aNewLibraryBuildsItsIndexAndOnlyADamagedOneSaysItRebuilds() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "first.mp4");
        List<String> fresh = logOfOpening(() -> { });
        assertThat(fresh).contains("building the search index (0 assets)").noneMatch(m -> m.contains("rebuild"));
        Path index;
        try (Dam dam = DamTesting.openDam(tmp)) {
            DamTesting.scan(dam, media);
            dam.search().catchUp();
            index = dam.layout().indexDir();
        }
        assertThat(logOfOpening(() -> { })).noneMatch(m -> m.contains("building the search index"));
        List<String> damaged = logOfOpening(() -> {
            try (var s = Files.list(index)) {
                for (Path p : s.toList()) Files.write(p, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        });
        assertThat(damaged).contains("rebuilding the search index from the catalog because it was unreadable");
    }

    interface Step {
        void run() throws Exception;
    }

    /** What SearchService logs while a library in {@code tmp} is opened (after {@code before}) and closed. */
    private List<String> logOfOpening(Step before) throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SearchService.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.addAppender(seen);
        try {
            before.run();
            try (Dam dam = DamTesting.openDam(tmp)) {
                dam.search().catchUp();
            }
        } finally {
            logger.detachAppender(seen);
            logger.setLevel(level);
        }
        return seen.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
    }

    /** Polls {@code condition} (every 20 ms, up to 10 s): the follower polls the log every 200 ms. */
    static void until(java.util.function.BooleanSupplier condition) {
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }

    static AssetPatch title(String title) {
        return AssetPatch.none().withTitle(title);
    }

    @Test
    void followsChangesMadeThroughAnotherCatalogHandle() throws Exception {
        followsChangesMadeThroughAnotherCatalogHandle(tmp, CatalogUrl.Engine.SQLITE);
    }

    /** Also run on PostgreSQL ({@link SearchOnPostgresTest}), where the other handle stands for another node. */
    static void followsChangesMadeThroughAnotherCatalogHandle(Path tmp, CatalogUrl.Engine engine) throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "first.mp4");
        TestMedia.copy(TestMedia.shortClip(), media, "second.mp4");
        try (Dam server = DamTesting.openDam(tmp, engine)) {
            DamTesting.scan(server, media);
            server.search().catchUp();
            long id = DamTesting.at(server, media.resolve("first.mp4")).asset().id();
            // Another process: its own catalog connection pool and event bus; no event reaches `server`.
            try (Dam other = DamTesting.openDam(tmp, engine)) {
                other.assets().update(id, title("Harbour at night"), Actor.commandLine());
                until(() -> q(server, "harbour").total() == 1);
                assertThat(titles(q(server, "harbour"))).containsExactly("Harbour at night");
                other.assets().delete(id, Actor.commandLine());
                until(() -> q(server, "harbour").total() == 0);
                assertThat(server.search().count()).isEqualTo(1);
            }
            assertThat(server.search().rebuilds()).as("followed, never rebuilt after the first open").isEqualTo(1);
        }
    }

    @Test
    void aReopenedIndexCatchesUpWithoutRebuilding() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "first.mp4");
        TestMedia.copy(TestMedia.shortClip(), media, "second.mp4");
        long id;
        try (Dam dam = DamTesting.openDam(tmp)) {
            DamTesting.scan(dam, media);
            assertThat(dam.search().count()).isEqualTo(2);
            assertThat(dam.search().rebuilds()).as("a new index is built once").isEqualTo(1);
            id = DamTesting.at(dam, media.resolve("first.mp4")).asset().id();
        }
        // Changed while no index was open (a CLI run without the server).
        try (Dam dam = DamTesting.openDam(tmp)) {
            dam.assets().update(id, title("Lighthouse"), Actor.commandLine());
            dam.batches().renameBatch("media", "Coast", Actor.commandLine());
        }
        try (Dam dam = DamTesting.openDam(tmp)) {
            assertThat(titles(q(dam, "lighthouse"))).containsExactly("Lighthouse");
            assertThat(q(dam, "batch:Coast").total()).isEqualTo(2);
            assertThat(dam.search().rebuilds()).as("caught up from its position").isZero();
            assertThat(dam.search().appliedSeq()).isEqualTo(dam.catalog().<Long>read(s -> s.changes().lastSeq()));
        }
        // The log trimmed past the index's position: the changes in between are gone, so it rebuilds.
        try (Dam dam = DamTesting.openDam(tmp)) {
            dam.assets().update(id, title("Breakwater"), Actor.commandLine());
            dam.catalog().update(s -> s.changes().trimBefore(s.changes().lastSeq() + 1));
        }
        try (Dam dam = DamTesting.openDam(tmp)) {
            assertThat(titles(q(dam, "breakwater"))).containsExactly("Breakwater");
            assertThat(dam.search().rebuilds()).isEqualTo(1);
        }
    }
}
