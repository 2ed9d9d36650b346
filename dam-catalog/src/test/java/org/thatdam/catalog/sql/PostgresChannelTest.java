package org.thatdam.catalog.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogChannel;
import org.thatdam.catalog.CatalogUrl;
import org.thatdam.catalog.testing.TestPostgres;
import org.thatdam.model.DamException;

/** Two catalogs on one real PostgreSQL, as two nodes: messages between them, and leases only one holds. */
class PostgresChannelTest {

    private static CatalogUrl url;
    private static Catalog a;
    private static Catalog b;

    @BeforeAll
    static void open() {
        url = TestPostgres.freshDatabase();
        a = Catalogs.open(url);
        b = Catalogs.open(url);
    }

    /** A statement on a connection of the test's own, as another program would send it; the first number it returns. */
    private static int sql(String statement) throws java.sql.SQLException {
        try (java.sql.Connection c = PostgresCatalog.dataSource(url).getConnection();
             java.sql.Statement st = c.createStatement()) {
            if (!st.execute(statement)) return st.getUpdateCount();
            try (java.sql.ResultSet rs = st.getResultSet()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @AfterAll
    static void close() {
        a.close();
        b.close();
    }

    @Test
    void aMessageSentByOneNodeReachesTheOthersListener() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (AutoCloseable l = a.channel().orElseThrow().listen("dam_test", got::add)) {
            b.channel().orElseThrow().publish("dam_test", "hello");
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
        }
        b.channel().orElseThrow().publish("dam_test", "nobody listens");
        assertThat(got.poll(600, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aChangeCommittedByOneNodeWakesTheOthersChangeFeed() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (AutoCloseable l = a.channel().orElseThrow().listen("dam_changes", got::add)) {
            sql("INSERT INTO change_log (asset_id, changed_at) VALUES (1, 1)");
            assertThat(got.poll(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void theListenerConnectsAgainWhenItsConnectionIsKilled() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        CatalogChannel ch = a.channel().orElseThrow();
        try (AutoCloseable l = ch.listen("dam_again", got::add)) {
            assertThat(sql("""
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                     WHERE datname = current_database() AND query LIKE 'LISTEN%'""")).isPositive();
            // messages sent while it is away are lost (the channel says so): send until one arrives
            String seen = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen == null && System.nanoTime() < deadline) {
                b.channel().orElseThrow().publish("dam_again", "back");
                seen = got.poll(200, TimeUnit.MILLISECONDS);
            }
            assertThat(seen).isEqualTo("back");
        }
    }

    @Test
    void tooLargeOrBadlyNamedMessagesAreRefusedInWords() {
        CatalogChannel ch = a.channel().orElseThrow();
        assertThatThrownBy(() -> ch.publish("dam_test", "x".repeat(CatalogChannel.MAX_PAYLOAD_BYTES + 1)))
                .isInstanceOf(DamException.class).hasMessageContaining("larger than");
        assertThatThrownBy(() -> ch.listen("bad; DROP", x -> {})).isInstanceOf(DamException.class)
                .hasMessage("not a channel name: bad; DROP");
    }

    @Test
    void aLeaseIsHeldByOneNodeUntilItIsClosed() throws Exception {
        Optional<AutoCloseable> first = a.tryLease("scan /media/one");
        assertThat(first).isPresent();
        assertThat(b.tryLease("scan /media/one")).isEmpty();
        assertThat(a.tryLease("scan /media/one")).as("a second holder on the same node").isEmpty();
        Optional<AutoCloseable> other = b.tryLease("scan /media/two");
        assertThat(other).isPresent();
        first.get().close();
        Optional<AutoCloseable> again = b.tryLease("scan /media/one");
        assertThat(again).isPresent();
        again.get().close();
        other.get().close();
    }

    @Test
    void sqliteGrantsEveryLeaseAndHasNoChannel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (Catalog one = Catalogs.open(CatalogUrl.parse("sqlite:" + dir.resolve("c.db"), java.util.Map.of()))) {
            Optional<AutoCloseable> lease = one.tryLease("scan /x");
            assertThat(lease).isPresent();
            assertThat(one.tryLease("scan /x")).as("overlapping scans on one machine stay exact").isPresent();
            lease.get().close();
            assertThat(one.channel()).isEmpty();
        }
    }
}
