package org.thatdam.catalog.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogUrl;
import org.thatdam.catalog.Catalogs;

/**
 * A new, empty, migrated catalog on either engine, for the repository contract tests: a SQLite file in
 * a test's folder, or a new database on the test JVM's one PostgreSQL ({@link TestPostgres}).
 *
 * <p>A PostgreSQL database is copied from a template migrated once per JVM ({@code CREATE DATABASE …
 * TEMPLATE}, a file copy inside the server): a migration per test would cost more than most tests.
 */
public final class CatalogEngines {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static String template;

    private CatalogEngines() {}

    /** Opens a new catalog on {@code engine}; SQLite's file goes in {@code dir}. */
    public static Catalog open(CatalogUrl.Engine engine, Path dir) {
        return Catalogs.open(url(engine, dir));
    }

    /** Where a new catalog on {@code engine} is, to open (and open again, as another process would). */
    public static CatalogUrl url(CatalogUrl.Engine engine, Path dir) {
        return switch (engine) {
            case SQLITE -> CatalogUrl.sqlite(dir.resolve("catalog-" + DATABASES.incrementAndGet() + ".db"));
            case POSTGRESQL -> freshPostgres();
        };
    }

    /** A new PostgreSQL database holding the current schema and nothing else. */
    public static CatalogUrl freshPostgres() {
        String from = template();
        String name = "dam_contract_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        PostgresServer s = TestPostgres.server();
        try (Connection c = DriverManager.getConnection(s.jdbcUrl("postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " TEMPLATE " + from);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return CatalogUrl.parse("postgresql://127.0.0.1:" + s.port() + "/" + name, Map.of("DAM_CATALOG_USER", "postgres"));
    }

    /** A plain JDBC connection to a catalog, for tests that look at what is stored byte for byte. */
    public static Connection connect(CatalogUrl url) throws SQLException {
        return url.isPostgres() ? org.thatdam.catalog.sql.PostgresCatalog.dataSource(url).getConnection()
                : DriverManager.getConnection("jdbc:sqlite:" + url.sqliteFile());
    }

    private static synchronized String template() {
        if (template == null) {
            CatalogUrl url = TestPostgres.freshDatabase();
            Catalogs.open(url).close(); // migrates; closing it leaves no connection, as a template needs
            template = url.database();
        }
        return template;
    }
}
