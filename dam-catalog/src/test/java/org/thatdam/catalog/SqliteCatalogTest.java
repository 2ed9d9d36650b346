package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.catalog.testing.CatalogEngines;
import org.thatdam.model.DamException;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.Location;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.StreamInfo;

@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class SqliteCatalogTest {

    @Parameter CatalogUrl.Engine engine;
    @TempDir Path dir;
    CatalogUrl url;
    Catalog catalog;

    @BeforeEach
    void open() {
        url = CatalogEngines.url(engine, dir);
        catalog = Catalogs.open(url);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    static MediaInfo video(double duration, int w, int h) {
        return new MediaInfo(AssetKind.VIDEO, "mov,mp4", duration, 1_000_000L, w, h, 25.0, "h264", "aac", null,
                "2024-01-02T03:04:05Z", "01:00:00:00", 48.1, 2.2, "Cam", "X1", "a title", "a comment",
                java.time.Instant.parse("2024-01-02T03:04:05Z"), org.thatdam.model.CaptureSource.QUICKTIME,
                List.of(new StreamInfo(0, "video", "h264", "High", w, h, 25.0, "yuv420p", null, null, null, null, "und", 900_000L),
                        new StreamInfo(1, "audio", "aac", "LC", null, null, null, null, null, 48000, 2, "stereo", "eng", 128_000L)),
                "{\"raw\":true}");
    }

    long addAsset(String path, String batch, long size, String hash) {
        return catalog.write(s -> {
            Long b = batch == null ? null : s.batches().idFor(batch, 1);
            long id = s.assets().insertAsset(AssetKind.VIDEO, Path.of(path).getFileName().toString(), b, 1);
            s.assets().addVersion(id, size, hash, video(12.5, 1920, 1080), null, 1);
            s.assets().insertLocation(id, path, size, 1000, 7L, hash, 1);
            return id;
        });
    }

    @Test
    void walModeAndSchemaAreInPlace() throws Exception {
        if (engine == CatalogUrl.Engine.SQLITE) {
            Path file = url.sqliteFile();
            assertThat(Files.exists(file)).isTrue();
            assertThat(Files.exists(Path.of(file + "-wal")) || Files.exists(Path.of(file + "-shm"))).isTrue();
        }
        // reopening runs no migration twice
        Catalogs.open(url).close();
    }

    @Test
    void assetRoundTripWithVersionsStreamsAndLocations() {
        long id = addAsset("/m/a.mp4", "Trip", 100, "h1");
        Asset a = catalog.read(s -> s.assets().find(id)).orElseThrow();
        assertThat(a.kind()).isEqualTo(AssetKind.VIDEO);
        assertThat(a.status()).isEqualTo(AssetStatus.OK);
        assertThat(a.batch()).isEqualTo("Trip");
        assertThat(a.path()).isEqualTo("/m/a.mp4");
        assertThat(a.durationSec()).isEqualTo(12.5);
        assertThat(a.width()).isEqualTo(1920);
        var v = catalog.read(s -> s.assets().versions(id)).get(0);
        assertThat(v.media().streams()).hasSize(2);
        assertThat(v.media().streams().get(1).channelLayout()).isEqualTo("stereo");
        assertThat(v.media().timecode()).isEqualTo("01:00:00:00");
        assertThat(v.media().gpsLatitude()).isEqualTo(48.1);
        assertThat(v.media().rawJson()).isEqualTo("{\"raw\":true}");

        catalog.update(s -> s.assets().addVersion(id, 200, "h2", MediaInfo.unknown(AssetKind.VIDEO), "broken now", 2));
        var versions = catalog.read(s -> s.assets().versions(id));
        assertThat(versions).extracting(x -> x.versionNo()).containsExactly(2, 1);
        Asset after = catalog.read(s -> s.assets().find(id)).orElseThrow();
        assertThat(after.status()).isEqualTo(AssetStatus.FAILED);
        assertThat(after.error()).isEqualTo("broken now");
        assertThat(after.sizeBytes()).isEqualTo(200);

        assertThat(catalog.<java.util.Optional<Long>>read(s -> s.assets().findByContent(200, "h2"))).contains(id);
        assertThat(catalog.<java.util.Optional<Long>>read(s -> s.assets().findByContent(100, "h1"))).isEmpty(); // no longer current
    }

    @Test
    void analysisBacklogPlacesAndSearchablePages() {
        long a = addAsset("/m/a.mp4", "Trip", 10, "h1");
        long b = addAsset("/m/b.mp4", null, 20, "h2");
        catalog.update(s -> {
            s.assets().setTags(a, List.of("sea", "sun"), 2);
            s.jobs().enqueue(new org.thatdam.model.NewJob("scenes", b, "v=" + s.assets().find(b).orElseThrow().currentVersionId(), 1, 1), 2);
        });
        List<AssetRepository.Unanalysed> todo = catalog.read(s -> s.assets().missingAnalysis("scenes", 0, 10));
        assertThat(todo).extracting(AssetRepository.Unanalysed::assetId).containsExactly(a);
        assertThat(todo.getFirst().paths()).containsExactly("/m/a.mp4");
        assertThat(catalog.<List<AssetRepository.Unanalysed>>read(s -> s.assets().missingAnalysis("embed", a, 10)))
                .extracting(AssetRepository.Unanalysed::assetId).containsExactly(b);

        assertThat(catalog.<Long>read(s -> s.assets().countPlaces())).as("video() carries GPS").isEqualTo(2);
        assertThat(catalog.<List<org.thatdam.model.Place>>read(s -> s.assets().places(1, 1))).hasSize(1);

        List<org.thatdam.model.Searchable> page = catalog.read(s -> s.assets().searchablePage(0, 10));
        assertThat(page).extracting(x -> x.asset().id()).containsExactly(a, b);
        assertThat(page.getFirst().tags()).containsExactlyInAnyOrder("sea", "sun");
        assertThat(page.getFirst().asset().batch()).isEqualTo("Trip");
        assertThat(page.get(1).tags()).isEmpty();
        assertThat(catalog.<List<Asset>>read(s -> s.assets().findAll(List.of(b, a, 999L)))).extracting(Asset::id).containsExactly(a, b);
    }

    @Test
    void outsideTextWithANulCharacterIsStoredOnEveryEngine() {
        long id = addAsset("/m/a.mp4", null, 10, "h1");
        catalog.update(s -> s.assets().setDescription(id, "tag\u0000value", 2));
        String stored = catalog.read(s -> s.assets().description(id));
        // PostgreSQL's text cannot hold U+0000: it stands there as U+FFFD
        assertThat(stored).isEqualTo(engine == CatalogUrl.Engine.SQLITE ? "tag\u0000value" : "tag\uFFFDvalue");
    }

    @Test
    void aFailedUnitOfWorkLeavesNothingBehind() {
        assertThatThrownBy(() -> catalog.update(s -> {
            long id = s.assets().insertAsset(AssetKind.VIDEO, "x", null, 1);
            s.assets().insertLocation(id, "/m/x.mp4", 1, 1, null, "h", 1);
            s.assets().insertLocation(id, "/m/x.mp4", 1, 1, null, "h", 1); // unique path violated
        })).isInstanceOf(CatalogException.class).hasMessageMatching("(?is).*unique.*"); // each engine words it its way
        assertThat(catalog.<Long>read(s -> s.assets().count(AssetQuery.all(10)))).isZero();
    }

    @Test
    void filtersSortingAndPaging() {
        for (int i = 0; i < 25; i++) addAsset("/m/" + (char) ('a' + i) + ".mp4", i % 2 == 0 ? "Even" : "Odd", 100 + i, "h" + i);
        assertThat(catalog.<Long>read(s -> s.assets().count(new AssetQuery("Even", null, null, null, 100, 0)))).isEqualTo(13);
        List<Long> seen = new ArrayList<>();
        for (int off = 0; off < 25; off += 10) {
            int o = off;
            catalog.read(s -> s.assets().list(new AssetQuery(null, null, null, AssetQuery.Sort.NAME, 10, o)))
                    .forEach(a -> seen.add(a.id()));
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        List<Asset> bySize = catalog.read(s -> s.assets().list(new AssetQuery(null, null, null, AssetQuery.Sort.SIZE, 3, 0)));
        assertThat(bySize).extracting(Asset::sizeBytes).containsExactly(124L, 123L, 122L);
        assertThat(catalog.<List<Asset>>read(s -> s.assets().list(new AssetQuery(null, AssetKind.AUDIO, null, null, 10, 0)))).isEmpty();
        assertThatThrownBy(() -> AssetQuery.all(0)).isInstanceOf(DamException.class);
    }

    @Test
    void locationPrefixScanDoesNotLeakIntoSiblingFolders() {
        addAsset("/media/a/1.mp4", null, 1, "x1");
        addAsset("/media/a/sub/2.mp4", null, 2, "x2");
        addAsset("/media/ab/3.mp4", null, 3, "x3");
        List<String> under = new ArrayList<>();
        catalog.read(s -> {
            s.assets().forEachLocationUnder("/media/a/", l -> under.add(l.path()));
            return null;
        });
        assertThat(under).containsExactly("/media/a/1.mp4", "/media/a/sub/2.mp4");
        addAsset("/media/a/été 🎬.mp4", null, 4, "x4");
        assertThat(catalog.<List<Location>>read(s -> s.assets().locationsIn("/media/a/")).stream().map(Location::path).sorted().toList())
                .as("direct children only").containsExactly("/media/a/1.mp4", "/media/a/été 🎬.mp4");
        assertThat(catalog.<List<Location>>read(s -> s.assets().locationsIn("/media/a/sub/"))).hasSize(1);
        assertThat(catalog.<List<Location>>read(s -> s.assets().locationsIn("/media/"))).isEmpty();
        addAsset("/media/🎬/in.mp4", null, 5, "x5");
        addAsset("/media/🎬/deeper/no.mp4", null, 6, "x6");
        assertThat(catalog.<List<Location>>read(s -> s.assets().locationsIn("/media/🎬/")).stream().map(Location::path).toList())
                .as("a folder name outside the BMP").containsExactly("/media/🎬/in.mp4");
        assertThatThrownBy(() -> catalog.read(s -> s.assets().locationsIn("/media/a"))).hasMessageContaining("separator");
    }

    @Test
    void batchesGroupWithoutOwning() {
        long id = addAsset("/m/a.mp4", "Trip", 100, "h1");
        assertThat(catalog.<List<org.thatdam.model.Batch>>read(s -> s.batches().list())).extracting(b -> b.name() + ":" + b.assetCount())
                .containsExactly("Trip:1");
        assertThat(catalog.<Boolean>write(s -> s.batches().rename("Trip", "Holiday"))).isTrue();
        assertThat(catalog.<Boolean>write(s -> s.batches().delete("Holiday"))).isTrue();
        Asset a = catalog.read(s -> s.assets().find(id)).orElseThrow();
        assertThat(a.batch()).isNull();
        assertThat(catalog.<Boolean>write(s -> s.batches().delete("Holiday"))).isFalse();
    }

    @Test
    void missingAndRestoredStatus() {
        long id = addAsset("/m/a.mp4", null, 100, "h1");
        Location l = catalog.read(s -> s.assets().locationByPath("/m/a.mp4")).orElseThrow();
        catalog.update(s -> {
            s.assets().setLocationMissing(l.id(), true, 5);
            s.assets().setStatus(id, AssetStatus.MISSING, "gone", 5);
        });
        assertThat(catalog.<java.util.Optional<Asset>>read(s -> s.assets().find(id)).orElseThrow().status()).isEqualTo(AssetStatus.MISSING);
        catalog.update(s -> s.assets().clearMissing(id, 6));
        Asset a = catalog.read(s -> s.assets().find(id)).orElseThrow();
        assertThat(a.status()).isEqualTo(AssetStatus.OK);
        assertThat(a.error()).isNull();
        catalog.update(s -> s.assets().delete(id));
        assertThat(catalog.<java.util.Optional<Location>>read(s -> s.assets().locationByPath("/m/a.mp4"))).isEmpty();
        assertThat(catalog.<List<org.thatdam.model.AssetVersion>>read(s -> s.assets().versions(id))).isEmpty();
    }

    @Test
    void concurrentWritersAndReadersNeverSeeLockErrors() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        // A second catalog on the same file stands in for another process (e.g. the CLI while the server runs).
        try (Catalog other = Catalogs.open(url)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int tt = t;
                Catalog c = t % 2 == 0 ? catalog : other;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String p = "/c/" + tt + "/" + i + ".mp4";
                        c.update(s -> {
                            long id = s.assets().insertAsset(AssetKind.VIDEO, "x", s.batches().idFor("B" + tt, 1), 1);
                            s.assets().addVersion(id, 1, p, MediaInfo.unknown(AssetKind.VIDEO), null, 1);
                            s.assets().insertLocation(id, p, 1, 1, null, p, 1);
                        });
                        c.read(s -> s.assets().stats());
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        assertThat(catalog.<org.thatdam.model.CatalogStats>read(s -> s.assets().stats()).assets()).isEqualTo(400);
        assertThat(catalog.<List<org.thatdam.model.Batch>>read(s -> s.batches().list())).hasSize(8);
    }

    @Test
    void rootsAndLedger() {
        assertThat(catalog.<Boolean>write(s -> s.roots().add("/media", 1))).isTrue();
        assertThat(catalog.<Boolean>write(s -> s.roots().add("/media", 2))).isFalse();
        assertThat(catalog.<List<org.thatdam.model.LibraryRoot>>read(s -> s.roots().list())).extracting(r -> r.path()).containsExactly("/media");
        assertThat(catalog.<Boolean>write(s -> s.roots().remove("/media"))).isTrue();
        catalog.update(s -> s.ledger().record("abc", "/card/a.mp4", "/lib/a.mp4", 3));
        assertThat(catalog.<List<org.thatdam.model.LedgerEntry>>read(s -> s.ledger().byHash("abc"))).extracting(e -> e.destination()).containsExactly("/lib/a.mp4");
    }

    @Test
    void consoleRunHistoryKeepsTokensAndOutcomesAndOutlivesItsAsset() {
        long asset = addAsset("/m/a.mp4", null, 10, "h1");
        long run = catalog.write(s -> s.consoleRuns().create(asset, "/m/a.mp4", "scale", Map.of("width", "320"),
                List.of("-i", "{{input}}", "-vf", "scale=320:-2", "{{output.mp4}}"), "ffmpeg -i {{input}} …", 1000));
        catalog.update(s -> s.consoleRuns().attachJob(run, 77));
        assertThat(catalog.<Boolean>write(s -> s.consoleRuns().start(run))).isTrue();
        assertThat(catalog.<Boolean>write(s -> s.consoleRuns().start(run))).as("a run whose worker died starts again").isTrue();
        catalog.update(s -> s.consoleRuns().finish(run, "ok", 0, 1234L, List.of("ffmpeg-1"), null, "tail", 2000));
        assertThat(catalog.<Boolean>write(s -> s.consoleRuns().start(run))).as("an ended run never starts again").isFalse();
        long other = catalog.write(s -> s.consoleRuns().create(null, "/elsewhere/b.mov", null, null, List.of("-version"), "x", 3000));

        var r = catalog.read(s -> s.consoleRuns().find(run)).orElseThrow();
        assertThat(r.tokens()).containsExactly("-i", "{{input}}", "-vf", "scale=320:-2", "{{output.mp4}}");
        assertThat(r.state()).isEqualTo("ok");
        assertThat(r.params()).containsEntry("width", "320");
        assertThat(r.finished()).isTrue();
        assertThat(r.jobId()).isEqualTo(77L);
        assertThat(r.exitCode()).isZero();
        assertThat(r.durationMs()).isEqualTo(1234L);
        assertThat(r.outputs()).containsExactly("ffmpeg-1");
        assertThat(catalog.read(s -> s.consoleRuns().recent(null, 10)).stream().map(x -> x.id()).toList()).containsExactly(other, run);
        assertThat(catalog.read(s -> s.consoleRuns().recent(asset, 10)).stream().map(x -> x.id()).toList()).containsExactly(run);
        assertThatThrownBy(() -> catalog.update(s -> s.consoleRuns().finish(run, "bogus", null, null, null, null, null, 1)))
                .hasMessageContaining("not a final console run state");

        catalog.update(s -> s.assets().delete(asset));
        var kept = catalog.read(s -> s.consoleRuns().find(run)).orElseThrow();
        assertThat(kept.assetId()).as("history outlives the asset").isNull();
        assertThat(kept.sourcePath()).isEqualTo("/m/a.mp4");
    }

    @Test
    void aCorruptCatalogFileGivesAClearError() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(engine == CatalogUrl.Engine.SQLITE, "a file of SQLite's");
        Path bad = dir.resolve("bad.db");
        Files.write(bad, "this is not a database, just some text that is long enough".repeat(100).getBytes());
        assertThatThrownBy(() -> org.thatdam.catalog.sql.SqliteCatalog.open(bad)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("cannot open the catalog").hasMessageContaining("bad.db");
    }
}
