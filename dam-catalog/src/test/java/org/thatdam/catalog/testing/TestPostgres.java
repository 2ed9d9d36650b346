package org.thatdam.catalog.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.thatdam.catalog.CatalogUrl;

/**
 * One real PostgreSQL server per test JVM (started on first use, stopped with the JVM), and a new
 * empty database for each caller: tests never share a database, and never pay a server start each.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;

    private TestPostgres() {}

    /** The running server, started on first use. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("dam-pg-");
                server = PostgresServer.start(dir.resolve("data"));
                PostgresServer s = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    s.close();
                    deleteQuietly(dir);
                }, "stop-test-postgres"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test PostgreSQL: " + e.getMessage(), e);
            }
        }
        return server;
    }

    /** A new empty database on the shared server, as a catalog URL with its user (trust: no password). */
    public static CatalogUrl freshDatabase() {
        String name = "dam_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        PostgresServer s = server();
        try (Connection c = DriverManager.getConnection(s.jdbcUrl("postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return CatalogUrl.parse("postgresql://127.0.0.1:" + s.port() + "/" + name, Map.of("DAM_CATALOG_USER", "postgres"));
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder left behind is harmless; the JVM is ending
        }
    }
}
