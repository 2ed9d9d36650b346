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
import org.thatdam.catalog.CatalogCopyReport;
import org.thatdam.catalog.CatalogCopyReport.TableCheck;
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
        long first;
        try (Connection c = sqlite(file); Statement st = c.createStatement()) {
            // a collection moved under one made after it: parents must still be copied first
            st.execute("INSERT INTO collection (id, name, position, created_at, updated_at) VALUES (50, 'Archive', 9, 1, 1)");
            st.execute("UPDATE collection SET parent_id = 50 WHERE id = 1");
            // a trimmed change log: a follower's cursor must mean the same on the copy
            floor = longOf(st, "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'");
            first = floor - 5;
            st.execute("DELETE FROM change_log WHERE seq < " + first);
        }
        CatalogUrl source = CatalogUrl.sqlite(file);
        CatalogUrl pg = TestPostgres.freshDatabase();
        Set<String> progressed = new LinkedHashSet<>();
        CatalogCopyReport report = CatalogCopy.copy(source, pg, (table, done, total) -> {
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
            assertThat(catalog.<Long>read(s -> s.changes().lastSeq())).as("an index's cursor means the same change").isEqualTo(floor);
            assertThat(catalog.<Long>read(s -> s.changes().firstSeq())).isEqualTo(first);
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
            // the PostgreSQL sequence handed out one number more (above), which the copy back keeps
            assertThat(longOf(st, "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'")).isEqualTo(floor + 1);
            assertThat(longOf(st, "SELECT min(seq) FROM change_log")).isEqualTo(first);
            assertThat(longOf(st, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).isPositive();
        }
    }

    @Test
    void aTargetThatHoldsAssetsIsRefused() throws SQLException {
        Path file = dir.resolve("catalog.db");
        try (var catalog = SqliteCatalog.open(file)) {
            CatalogFixture.populate(catalog, 3);
        }
        long floor;
        try (Connection c = sqlite(file); Statement st = c.createStatement()) {
            st.execute("DELETE FROM change_log"); // trimmed empty
            floor = longOf(st, "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'");
        }
        CatalogUrl pg = TestPostgres.freshDatabase();
        CatalogCopy.copy(CatalogUrl.sqlite(file), pg, null);
        try (var catalog = Catalogs.open(pg)) {
            assertThat(catalog.<Long>read(s -> s.changes().lastSeq())).isEqualTo(floor);
        }
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

    @Test
    void textThatIsNotUtf8IsNamedNotReplaced() throws SQLException {
        Path file = dir.resolve("catalog.db");
        try (var catalog = SqliteCatalog.open(file)) {
            CatalogFixture.populate(catalog, 1);
        }
        try (Connection c = sqlite(file); Statement st = c.createStatement()) {
            st.execute("UPDATE asset SET title = CAST(x'636166e92e6d6f76' AS TEXT)"); // Latin-1 "café.mov"
        }
        assertThatThrownBy(() -> CatalogCopy.copy(CatalogUrl.sqlite(file), CatalogUrl.sqlite(dir.resolve("copy.db")), null))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("table asset, column title holds text that is not valid UTF-8");
    }

    @Test
    void aFileThatIsNotACatalogIsRefusedBeforeTheTargetIsTouched() throws SQLException {
        Path file = dir.resolve("other.db");
        try (Connection c = sqlite(file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        }
        CatalogUrl pg = TestPostgres.freshDatabase();
        assertThatThrownBy(() -> CatalogCopy.copy(CatalogUrl.sqlite(file), pg, null))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID))
                .hasMessageStartingWith("this is not a catalog of dam");
        assertThatThrownBy(() -> CatalogCopy.copy(CatalogUrl.sqlite(dir.resolve("none.db")), pg, null))
                .hasMessage("there is no catalog at " + dir.resolve("none.db"));
        try (Connection c = PostgresCatalog.dataSource(pg).getConnection(); Statement st = c.createStatement()) {
            assertThat(longOf(st, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")).isZero();
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
