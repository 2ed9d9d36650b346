package org.thatdam.catalog.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.thatdam.catalog.CatalogException;
import org.thatdam.catalog.CatalogSnapshot;
import org.thatdam.catalog.CatalogUrl;
import org.thatdam.catalog.Catalogs;
import org.thatdam.catalog.sql.CatalogCopy.TableCheck;
import org.thatdam.catalog.testing.CatalogFixture;
import org.thatdam.catalog.testing.TestPostgres;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** A catalog copied from SQLite to a real PostgreSQL and back holds the same rows, proven by counts and checksums. */
class CatalogCopyTest {

    @TempDir Path dir;

    @Test
    void everyTableGoesToPostgresAndBackWithEqualChecksums() throws SQLException {
        Path file = dir.resolve("catalog.db");
        try (var catalog = SqliteCatalog.open(file)) {
            CatalogFixture.populate(catalog, 12);
        }
        long floor;
        try (Connection c = sqlite(file); Statement st = c.createStatement()) {
            // a collection moved under one made after it: parents must still be copied first
            st.execute("INSERT INTO collection (id, name, position, created_at, updated_at) VALUES (50, 'Archive', 9, 1, 1)");
            st.execute("UPDATE collection SET parent_id = 50 WHERE id = 1");
            // a trimmed change log: the next change must still come after the highest number ever handed out
            floor = longOf(st, "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'");
            st.execute("DELETE FROM change_log WHERE seq = " + floor);
        }
        CatalogUrl source = CatalogUrl.sqlite(file);
        CatalogUrl pg = TestPostgres.freshDatabase();
        Set<String> progressed = new LinkedHashSet<>();
        CatalogCopy.Report report = CatalogCopy.copy(source, pg, (table, done, total) -> {
            assertThat(done).isBetween(0L, total);
            progressed.add(table);
        });

        assertThat(report.ok()).as("%s", report.tables()).isTrue();
        assertThat(report.schemaVersion()).isEqualTo(SqliteCatalog.SCHEMA_VERSION);
        List<String> tables = report.tables().stream().map(TableCheck::table).toList();
        assertThat(tables).doesNotContain("flyway_schema_history").contains("asset", "change_log", "scene_text_read", "xmp_sidecar")
                .containsExactlyElementsOf(progressed);
        assertThat(report.tables()).allSatisfy(t -> assertThat(t.sourceRows()).as(t.table()).isPositive());
        assertThat(tables.indexOf("asset")).isLessThan(tables.indexOf("asset_version"));
        assertThat(report.rows()).isEqualTo(report.tables().stream().mapToLong(TableCheck::targetRows).sum());
        try (Connection c = PostgresCatalog.dataSource(pg).getConnection(); Statement st = c.createStatement()) {
            assertThat(longOf(st, "SELECT nextval(pg_get_serial_sequence('change_log', 'seq'))")).isEqualTo(floor + 1);
            assertThat(longOf(st, "SELECT nextval(pg_get_serial_sequence('asset', 'id'))")).isEqualTo(13);
        }

        Path back = dir.resolve("back.db");
        CatalogSnapshot snapshot;
        try (var catalog = Catalogs.open(pg)) {
            snapshot = catalog.snapshotTo(back);
        }
        assertThat(snapshot.assets()).isEqualTo(12);
        assertThat(snapshot.schemaVersion()).isEqualTo(SqliteCatalog.SCHEMA_VERSION);
        assertThat(dir.resolve("back.db-wal")).doesNotExist();
        List<TableCheck> roundTrip = CatalogCopy.verify(source, CatalogUrl.sqlite(back));
        assertThat(roundTrip).allSatisfy(t -> assertThat(t.ok()).as(t.table()).isTrue());
        assertThat(roundTrip.stream().map(TableCheck::sourceChecksum).toList())
                .isEqualTo(report.tables().stream().map(TableCheck::targetChecksum).toList());
        try (Connection c = sqlite(back); Statement st = c.createStatement()) {
            assertThat(longOf(st, "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'")).isEqualTo(floor + 1);
            assertThat(longOf(st, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).isPositive();
        }
    }

    @Test
    void aTargetThatHoldsAssetsIsRefused() {
        Path file = dir.resolve("catalog.db");
        try (var catalog = SqliteCatalog.open(file)) {
            CatalogFixture.populate(catalog, 3);
        }
        CatalogUrl pg = TestPostgres.freshDatabase();
        CatalogCopy.copy(CatalogUrl.sqlite(file), pg, null);
        assertThatThrownBy(() -> CatalogCopy.copy(CatalogUrl.sqlite(file), pg, null))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessage("the target already holds 3 asset(s): copy only into an empty catalog");
    }

    @Test
    void aRowChangedInTheCopyIsFoundByItsTable() throws SQLException {
        Path file = dir.resolve("catalog.db");
        try (var catalog = SqliteCatalog.open(file)) {
            CatalogFixture.populate(catalog, 3);
        }
        CatalogUrl pg = TestPostgres.freshDatabase();
        CatalogCopy.copy(CatalogUrl.sqlite(file), pg, null);
        try (Connection c = PostgresCatalog.dataSource(pg).getConnection(); Statement st = c.createStatement()) {
            // a table without change triggers, so that this one row is the only difference
            st.execute("UPDATE fingerprint SET sample_rate = 2.5 WHERE asset_id = (SELECT min(asset_id) FROM fingerprint)");
        }
        List<TableCheck> checks = CatalogCopy.verify(CatalogUrl.sqlite(file), pg);
        assertThat(checks.stream().filter(t -> !t.ok()).map(TableCheck::table).toList()).containsExactly("fingerprint");
        TableCheck scene = checks.stream().filter(t -> t.table().equals("fingerprint")).findFirst().orElseThrow();
        assertThat(scene.sourceRows()).isEqualTo(scene.targetRows());
    }

    @Test
    void aValueOfAnotherKindThanItsColumnStopsTheCopyAndLeavesTheTargetEmpty() throws SQLException {
        Path file = dir.resolve("catalog.db");
        try (var catalog = SqliteCatalog.open(file)) {
            CatalogFixture.populate(catalog, 2);
        }
        try (Connection c = sqlite(file); Statement st = c.createStatement()) {
            st.execute("UPDATE location SET inode = 'abc' WHERE id = 2");
        }
        CatalogUrl pg = TestPostgres.freshDatabase();
        assertThatThrownBy(() -> CatalogCopy.copy(CatalogUrl.sqlite(file), pg, null))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("table location, column inode holds \"abc\", which is not integer");
        try (Connection c = PostgresCatalog.dataSource(pg).getConnection(); Statement st = c.createStatement()) {
            assertThat(longOf(st, "SELECT count(*) FROM asset")).isZero();
            assertThat(longOf(st, "SELECT count(*) FROM job_queue")).isOne();
        }
    }

    private static Connection sqlite(Path file) throws SQLException {
        return new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
    }

    private static long longOf(Statement st, String sql) throws SQLException {
        try (ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
