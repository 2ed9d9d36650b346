package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.catalog.testing.CatalogEngines;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.Change;
import org.thatdam.model.Location;

/** Every write that changes what the index projects of an asset leaves change rows, in the same transaction. */
@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class ChangeLogTest {

    @Parameter CatalogUrl.Engine engine;
    @TempDir Path dir;
    CatalogUrl url;
    Catalog catalog;
    SqliteCatalogTest helper = new SqliteCatalogTest();

    @BeforeEach
    void open() {
        url = CatalogEngines.url(engine, dir);
        catalog = Catalogs.open(url);
        helper.catalog = catalog;
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    long last() {
        return catalog.read(s -> s.changes().lastSeq());
    }

    /** The assets changed by {@code write}, read from the log. */
    Set<Long> changedBy(Runnable write) {
        long before = last();
        write.run();
        List<Change> changes = catalog.read(s -> s.changes().since(before, 1000));
        assertThat(changes).extracting(Change::seq).isSorted().allMatch(seq -> seq > before);
        if (!changes.isEmpty()) assertThat(changes.get(changes.size() - 1).seq()).isEqualTo(last());
        return changes.stream().map(Change::assetId).collect(Collectors.toSet());
    }

    @Test
    void everyKindOfWriteLeavesAChangeRow() {
        assertThat(last()).isZero();
        long[] id = new long[1];
        assertThat(changedBy(() -> id[0] = helper.addAsset("/m/a.mp4", "Trip", 100, "h1"))).as("asset, version, location insert")
                .isNotEmpty();
        long a = id[0];
        long b = helper.addAsset("/m/b.mp4", "Trip", 200, "h2");
        long other = helper.addAsset("/m/c.mp4", null, 300, "h3");

        assertThat(changedBy(() -> catalog.update(s -> s.assets().setTitle(a, "New", 2)))).containsExactly(a);
        assertThat(changedBy(() -> catalog.update(s -> s.assets().setDescription(a, "words", 2)))).containsExactly(a);
        assertThat(changedBy(() -> catalog.update(s -> s.assets().setTags(a, List.of("x", "y"), 2)))).containsExactly(a);
        assertThat(changedBy(() -> catalog.update(s -> s.assets().setStatus(a, AssetStatus.FAILED, "bad", 2))))
                .containsExactly(a);
        assertThat(changedBy(() -> catalog.update(s -> s.assets().addVersion(a, 101, "h1b",
                SqliteCatalogTest.video(3, 640, 360), null, 3)))).contains(a);
        long versionId = catalog.read(s -> s.assets().versions(a)).get(0).id();
        assertThat(changedBy(() -> catalog.update(s -> s.assets().setFullHash(versionId, "full")))).containsExactly(a);
        Location loc = catalog.read(s -> s.assets().locationByPath("/m/a.mp4")).orElseThrow();
        assertThat(changedBy(() -> catalog.update(s -> s.assets().setLocationMissing(loc.id(), true, 4)))).containsExactly(a);
        assertThat(changedBy(() -> catalog.update(s -> s.assets().deleteLocation(loc.id())))).containsExactly(a);

        assertThat(changedBy(() -> catalog.update(s -> s.batches().rename("Trip", "Holiday")))).as("a batch rename")
                .containsExactlyInAnyOrder(a, b);
        assertThat(changedBy(() -> catalog.update(s -> s.batches().delete("Holiday")))).as("a batch delete")
                .containsExactlyInAnyOrder(a, b);
        assertThat(changedBy(() -> catalog.update(s -> s.assets().delete(b)))).containsExactly(b);
        assertThat(changedBy(() -> catalog.update(s -> s.assets().setTitle(other, "Other", 5)))).containsExactly(other);
    }

    @Test
    void aRolledBackWriteLeavesNoRowAndTrimmingKeepsTheSequence() {
        long a = helper.addAsset("/m/a.mp4", null, 100, "h1");
        long before = last();
        try {
            catalog.update(s -> {
                s.assets().setTitle(a, "never", 2);
                throw new IllegalStateException("abort");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(last()).isEqualTo(before);

        catalog.update(s -> s.assets().setTitle(a, "kept", 2));
        long top = last();
        assertThat(catalog.<Integer>write(s -> s.changes().trimBefore(top))).isPositive();
        // A follower at `before` has missed nothing (on PostgreSQL the rolled-back write left a gap before top).
        assertThat(catalog.<Long>read(s -> s.changes().firstSeq())).isEqualTo(before + 1);
        assertThat(catalog.<Integer>write(s -> s.changes().trimBefore(top + 1))).isEqualTo(1);
        assertThat(last()).as("the high-water mark survives an empty log").isEqualTo(top);
        catalog.update(s -> s.assets().setTitle(a, "again", 3));
        assertThat(catalog.<List<Change>>read(s -> s.changes().since(top, 10))).containsExactly(new Change(top + 1, a));
    }

    /** A change being written (not committed) is neither counted nor listed: a follower would skip it for good. */
    @Test
    void lastSeqNeverRunsAheadOfWhatAReaderSees() throws Exception {
        long a = helper.addAsset("/m/a.mp4", null, 100, "h1");
        long committed = last();
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var writer = pool.submit(() -> catalog.update(s -> {
                s.assets().setTitle(a, "pending", 2);
                written.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            written.await();
            assertThat(last()).isEqualTo(committed);
            assertThat(catalog.<List<Change>>read(s -> s.changes().since(committed, 10))).isEmpty();
            release.countDown();
            writer.get();
        } finally {
            release.countDown();
            pool.shutdown();
        }
        assertThat(last()).isGreaterThan(committed);
        assertThat(catalog.<List<Change>>read(s -> s.changes().since(committed, 10))).extracting(Change::assetId).containsOnly(a);
    }
}
