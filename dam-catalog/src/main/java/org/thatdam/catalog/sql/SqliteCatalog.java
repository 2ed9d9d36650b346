package org.thatdam.catalog.sql;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogException;

/**
 * The embedded catalog: one SQLite file in WAL mode. Readers share a small pool and never block;
 * writers take a process-wide lock and an IMMEDIATE transaction, so concurrent scans and readers
 * never meet "database is locked" (another process writing at the same time waits up to the busy
 * timeout instead of failing).
 */
public final class SqliteCatalog implements Catalog {

    /** The newest migration under db/migration (a test checks it is the highest V file there). */
    static final int SCHEMA_VERSION = 26;

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Path file;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private SqliteCatalog(HikariDataSource pool, Path file) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.file = file;
    }

    public static SqliteCatalog open(Path dbFile) {
        try {
            Files.createDirectories(dbFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new CatalogException("cannot create the catalog directory for " + dbFile + ": " + e.getMessage(), e);
        }
        SqliteNativeLibrary.prepare();
        SQLiteDataSource sqlite = new SQLiteDataSource(config());
        sqlite.setUrl("jdbc:sqlite:" + dbFile.toAbsolutePath());
        migrate(sqlite, dbFile);

        return new SqliteCatalog(new HikariDataSource(CatalogPools.config(sqlite)), dbFile.toAbsolutePath());
    }

    private static SQLiteConfig config() {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        c.setBusyTimeout(30_000);
        c.enforceForeignKeys(true);
        // A deferred transaction that reads first and then writes can fail at once with SQLITE_BUSY
        // under WAL; IMMEDIATE takes the write lock up front and waits (busy timeout) instead.
        c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        c.setTempStore(SQLiteConfig.TempStore.MEMORY);
        c.setCacheSize(-16_000); // 16 MB page cache per connection
        return c;
    }

    private static void migrate(SQLiteDataSource ds, Path dbFile) {
        if (current(ds)) return;
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new CatalogException("cannot open the catalog " + dbFile + ": " + CatalogPools.rootMessage(e), e);
        }
    }

    /**
     * Whether the catalog's schema history already ends at {@link #SCHEMA_VERSION} with every
     * migration applied: then there is nothing for Flyway to do, and starting it (its scan of the
     * class path, its checks) is most of what opening the catalog costs a short command.
     */
    private static boolean current(SQLiteDataSource ds) {
        try (java.sql.Connection c = ds.getConnection();
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet tables = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'")) {
            if (!tables.next() || tables.getInt(1) == 0) return false;
            try (java.sql.ResultSet r = st.executeQuery("SELECT max(CAST(version AS INTEGER)), sum(success = 0) FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL")) {
                return r.next() && r.getInt(1) == SCHEMA_VERSION && r.getInt(2) == 0;
            }
        } catch (java.sql.SQLException e) {
            return false; // Flyway will say what is wrong
        }
    }

    @Override
    public long sizeBytes() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new CatalogException("cannot read the size of the catalog " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "sqlite:" + file;
    }

    @Override
    public <T> T read(Work<T> work) {
        try {
            return jdbi.withHandle(h -> work.run(new JdbiSession(h, SqlDialect.SQLITE)));
        } catch (JdbiException e) {
            // Only database failures are translated; the work's own exceptions pass through unchanged.
            throw new CatalogException("catalog read failed: " + CatalogPools.rootMessage(e), e);
        }
    }

    @Override
    public <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            return jdbi.inTransaction(h -> work.run(new JdbiSession(h, SqlDialect.SQLITE)));
        } catch (JdbiException e) {
            throw new CatalogException("catalog write failed: " + CatalogPools.rootMessage(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * {@code VACUUM INTO} runs in one read transaction: under WAL, writers carry on meanwhile and the
     * copy holds exactly the commits before it began (a file copy of a live database could tear).
     */
    @Override
    public org.thatdam.catalog.CatalogSnapshot snapshotTo(Path target) {
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new CatalogException("cannot snapshot the catalog to " + target + ": it exists");
        }
        try {
            jdbi.useHandle(h -> h.execute("VACUUM INTO ?", target.toAbsolutePath().toString()));
        } catch (JdbiException e) {
            throw new CatalogException("cannot snapshot the catalog to " + target + ": " + CatalogPools.rootMessage(e), e);
        }
        return describe(target);
    }

    /** Opens a snapshot read-only (no journal files appear beside it) and counts what it holds. */
    static org.thatdam.catalog.CatalogSnapshot describe(Path file) {
        SQLiteConfig c = new SQLiteConfig();
        c.setReadOnly(true);
        try (java.sql.Connection con = c.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             java.sql.Statement st = con.createStatement();
             java.sql.ResultSet assets = st.executeQuery("SELECT count(*) FROM asset")) {
            long n = assets.getLong(1);
            try (java.sql.ResultSet v = st.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL AND success = 1")) {
                return new org.thatdam.catalog.CatalogSnapshot(n, v.getInt(1), Files.size(file));
            }
        } catch (java.sql.SQLException | IOException e) {
            throw new CatalogException("cannot read the catalog snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
