package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.catalog.testing.CatalogEngines;
import org.sqlite.SQLiteDataSource;
import org.thatdam.model.DamException;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.CaptureSource;
import org.thatdam.model.CatalogStats;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.Timeline;
import org.thatdam.catalog.sql.SqliteCatalog;

/** Capture time in the catalog: stored per version, used by sorting, monthly stats and the timeline. */
@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class CaptureTimeCatalogTest {

    @Parameter CatalogUrl.Engine engine;
    @TempDir Path dir;

    private static long add(Catalog catalog, String name, long addedAt, String capturedAt, CaptureSource source,
                            double duration) {
        return catalog.write(s -> {
            long id = s.assets().insertAsset(AssetKind.VIDEO, name, null, addedAt);
            MediaInfo m = SqliteCatalogTest.video(duration, 640, 360)
                    .withCapture(capturedAt == null ? null : Instant.parse(capturedAt), source);
            s.assets().addVersion(id, 10, "h-" + name, m, null, addedAt);
            s.assets().insertLocation(id, "/m/" + name, 10, 1, null, "h-" + name, addedAt);
            return id;
        });
    }

    @Test
    void newestOldestStatsAndTimelineFollowCaptureTimeNotCatalogueTime() {
        try (Catalog catalog = CatalogEngines.open(engine, dir)) {
            // Catalogued in the opposite order to when they were shot.
            long old = add(catalog, "old.mp4", 3_000, "2019-06-01T10:00:00Z", CaptureSource.EXIF, 5);
            long mid = add(catalog, "mid.mp4", 2_000, "2021-05-06T07:08:09Z", CaptureSource.QUICKTIME, 7);
            long recent = add(catalog, "new.mp4", 1_000, "2024-01-31T14:25:01Z", CaptureSource.FILENAME, 11);
            long unknown = add(catalog, "unknown.mp4", Instant.parse("2021-05-20T00:00:00Z").toEpochMilli(), null, null, 1);

            Asset a = catalog.read(s -> s.assets().find(mid)).orElseThrow();
            assertThat(a.capturedAt()).isEqualTo(Instant.parse("2021-05-06T07:08:09Z"));
            assertThat(a.captureSource()).isEqualTo(CaptureSource.QUICKTIME);
            assertThat(a.addedAt()).isEqualTo(Instant.ofEpochMilli(2_000));
            Asset u = catalog.read(s -> s.assets().find(unknown)).orElseThrow();
            assertThat(u.capturedAt()).as("no capture time: catalogued time, as mtime").isEqualTo(u.addedAt());
            assertThat(u.captureSource()).isEqualTo(CaptureSource.MTIME);

            List<Long> newest = catalog.read(s -> s.assets().list(new AssetQuery(null, null, null, AssetQuery.Sort.NEWEST, 10, 0)))
                    .stream().map(Asset::id).toList();
            assertThat(newest).containsExactly(recent, unknown, mid, old);
            List<Long> oldest = catalog.read(s -> s.assets().list(new AssetQuery(null, null, null, AssetQuery.Sort.OLDEST, 10, 0)))
                    .stream().map(Asset::id).toList();
            assertThat(oldest).containsExactly(old, mid, unknown, recent);

            CatalogStats stats = catalog.read(s -> s.assets().stats());
            assertThat(stats.byMonth()).extracting(CatalogStats.Group::key, CatalogStats.Group::count)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2019-06", 1L),
                            org.assertj.core.groups.Tuple.tuple("2021-05", 2L),
                            org.assertj.core.groups.Tuple.tuple("2024-01", 1L));

            Timeline years = catalog.read(s -> s.assets().timeline(Timeline.By.YEAR, null, null));
            assertThat(years.by()).isEqualTo("year");
            assertThat(years.buckets()).containsExactly(new Timeline.Bucket("2019", 1, 5.0),
                    new Timeline.Bucket("2021", 2, 8.0), new Timeline.Bucket("2024", 1, 11.0));
            long from = Instant.parse("2021-01-01T00:00:00Z").toEpochMilli();
            long to = Instant.parse("2022-01-01T00:00:00Z").toEpochMilli();
            Timeline days = catalog.read(s -> s.assets().timeline(Timeline.By.DAY, from, to));
            assertThat(days.buckets()).containsExactly(new Timeline.Bucket("2021-05-06", 1, 7.0),
                    new Timeline.Bucket("2021-05-20", 1, 1.0));
            Timeline months = catalog.read(s -> s.assets().timeline(Timeline.By.MONTH, to, null));
            assertThat(months.buckets()).containsExactly(new Timeline.Bucket("2024-01", 1, 11.0));
        }
        assertThat(Timeline.By.parse(" Month ")).isEqualTo(Timeline.By.MONTH);
        assertThatThrownBy(() -> Timeline.By.parse("week")).isInstanceOf(DamException.class)
                .hasMessage("unknown period 'week' (expected year, month or day)");
    }

    @Test
    void theMigrationBackfillsCaptureTimeFromCreationTimeElseTheFileModificationTime() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(engine == CatalogUrl.Engine.SQLITE, "a migration of SQLite's history");
        Path db = dir.resolve("old.db");
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("5").load().migrate();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (int i = 1; i <= 5; i++) {
                st.execute("INSERT INTO asset (id, kind, title, status, current_version_id, created_at, updated_at)"
                        + " VALUES (" + i + ", 'video', 'a" + i + "', 'ok', " + i + ", 5000, 5000)");
            }
            String v = "INSERT INTO asset_version (id, asset_id, version_no, size_bytes, quick_hash, created_at, kind, creation_time)"
                    + " VALUES (%d, %d, 1, 1, 'h', 4000, '%s', %s)";
            st.execute(v.formatted(1, 1, "video", "'2021-05-06T07:08:09.000000Z'"));
            st.execute(v.formatted(2, 2, "image", "'2023-07-14T09:08:07'"));
            st.execute(v.formatted(3, 3, "video", "'1904-01-01T00:00:00.000000Z'")); // a muxer's zero date
            st.execute(v.formatted(4, 4, "video", "'not a date'"));
            st.execute(v.formatted(5, 5, "video", "NULL"));
            st.execute("INSERT INTO location (asset_id, path, size_bytes, mtime_ms, quick_hash, first_seen, last_seen)"
                    + " VALUES (3, '/m/3', 1, 123456, 'h', 1, 1), (4, '/m/4', 1, 654321, 'h', 1, 1)");
        }
        try (SqliteCatalog catalog = SqliteCatalog.open(db)) {
            List<Asset> all = catalog.read(s -> s.assets().list(new AssetQuery(null, null, null, AssetQuery.Sort.NAME, 10, 0)));
            assertThat(all).extracting(Asset::title, Asset::capturedAt, Asset::captureSource).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("a1", Instant.parse("2021-05-06T07:08:09Z"), CaptureSource.QUICKTIME),
                    org.assertj.core.groups.Tuple.tuple("a2", Instant.parse("2023-07-14T09:08:07Z"), CaptureSource.EXIF),
                    org.assertj.core.groups.Tuple.tuple("a3", Instant.ofEpochMilli(123456), CaptureSource.MTIME),
                    org.assertj.core.groups.Tuple.tuple("a4", Instant.ofEpochMilli(654321), CaptureSource.MTIME),
                    org.assertj.core.groups.Tuple.tuple("a5", Instant.ofEpochMilli(4000), CaptureSource.MTIME));
        }
    }
}
