package org.thatdam.catalog.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.ds.PGSimpleDataSource;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogChannel;
import org.thatdam.catalog.CatalogException;
import org.thatdam.catalog.CatalogSnapshot;
import org.thatdam.catalog.CatalogUrl;

/**
 * The catalog on PostgreSQL, shared by every node of a library. Its schema history is its own
 * ({@code db/postgresql}, starting at the schema of SQLite's version 25) with the same version numbers
 * as SQLite's from then on.
 *
 * <p>Writes are serialised across all nodes by one transaction-scoped advisory lock, as SQLite
 * serialises them on one machine: the change log's sequence then follows commit order, so a follower's
 * cursor never passes a change that commits later. The job queue writes through
 * {@link #writeShared}, without that lock, and locks only the rows it touches.
 */
final class PostgresCatalog implements Catalog {

    /** The advisory lock key every writer takes ("damwrite" in ASCII). */
    static final long WRITE_LOCK = 0x64616d7772697465L;

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final CatalogUrl url;
    /** Connections outside the pool: the channel's listener and the leases hold theirs for long. */
    private final PGSimpleDataSource direct;
    private PostgresChannel channel;
    private volatile boolean closed;

    private PostgresCatalog(HikariDataSource pool, CatalogUrl url, PGSimpleDataSource direct) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.url = url;
        this.direct = direct;
    }

    public static PostgresCatalog open(CatalogUrl url) {
        PGSimpleDataSource ds = dataSource(url);
        migrate(ds, url);
        HikariConfig hc = CatalogPools.config(ds);
        hc.setConnectionTimeout(15_000);
        try {
            return new PostgresCatalog(new HikariDataSource(hc), url, dataSource(url));
        } catch (RuntimeException e) {
            throw new CatalogException("cannot open the catalog " + url.display() + ": " + CatalogPools.rootMessage(e), e);
        }
    }

    /** A data source for {@code url}; also what tools that copy a catalog connect with. */
    public static PGSimpleDataSource dataSource(CatalogUrl url) {
        if (!url.isPostgres()) throw new IllegalArgumentException("not a PostgreSQL URL: " + url.display());
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url.jdbcUrl());
        if (url.user() != null) ds.setUser(url.user());
        if (url.password() != null) ds.setPassword(url.password());
        ds.setApplicationName("dam");
        ds.setConnectTimeout(10);
        ds.setTcpKeepAlive(true);
        return ds;
    }

    private static void migrate(PGSimpleDataSource ds, CatalogUrl url) {
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/postgresql")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new CatalogException("cannot open the catalog " + url.display() + ": " + CatalogPools.rootMessage(e), e);
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        try {
            // In a transaction: pgjdbc streams a result by its fetch size only outside autocommit, and a
            // read that walks every asset must not hold them all in memory. Read only: nothing to commit.
            return jdbi.withHandle(h -> {
                // A read inside this thread's write gets the write's own handle (Jdbi hands it back): it runs
                // there, seeing what the write did, and must not end that transaction.
                if (h.isInTransaction()) return work.run(new JdbiSession(h, SqlDialect.POSTGRESQL));
                h.getConnection().setReadOnly(true);
                h.begin();
                try {
                    return work.run(new JdbiSession(h, SqlDialect.POSTGRESQL));
                } finally {
                    h.rollback();
                    h.getConnection().setReadOnly(false);
                }
            });
        } catch (JdbiException | java.sql.SQLException e) {
            throw new CatalogException("catalog read failed: " + CatalogPools.rootMessage(e), e);
        }
    }

    @Override
    public <T> T write(Work<T> work) {
        try {
            return jdbi.inTransaction(h -> {
                h.execute("SELECT pg_advisory_xact_lock(?)", WRITE_LOCK);
                return work.run(new JdbiSession(h, SqlDialect.POSTGRESQL));
            });
        } catch (JdbiException e) {
            throw new CatalogException("catalog write failed: " + CatalogPools.rootMessage(e), e);
        }
    }

    @Override
    public <T> T writeShared(Work<T> work) {
        try {
            return jdbi.inTransaction(h -> work.run(new JdbiSession(h, SqlDialect.POSTGRESQL)));
        } catch (JdbiException e) {
            throw new CatalogException("catalog write failed: " + CatalogPools.rootMessage(e), e);
        }
    }

    /** LISTEN/NOTIFY, its listening connection opened on first use. */
    @Override
    public synchronized Optional<CatalogChannel> channel() {
        if (closed) throw new CatalogException("the catalog " + url.display() + " is closed");
        if (channel == null) channel = new PostgresChannel(direct);
        return Optional.of(channel);
    }

    /**
     * A session-level advisory lock on a connection of its own, held until the handle is closed; PostgreSQL
     * releases it by itself when that connection ends (the node died or lost the network).
     */
    @Override
    public Optional<AutoCloseable> tryLease(String name) {
        Connection c = null;
        try {
            c = direct.getConnection();
            boolean got;
            try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    got = rs.next() && rs.getBoolean(1);
                }
            }
            if (!got) {
                c.close();
                return Optional.empty();
            }
            Connection held = c;
            return Optional.of(held::close);
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new CatalogException("cannot take the lease '" + name + "' in " + url.display() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A SQLite file holding the catalog as of one moment (the copy reads in one REPEATABLE READ snapshot
     * while writers go on), so a backup of a PostgreSQL library restores as an embedded one. The copy is
     * verified table by table; a partial or unequal file is removed.
     */
    @Override
    public CatalogSnapshot snapshotTo(Path target) {
        if (java.nio.file.Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new CatalogException("cannot snapshot the catalog to " + target + ": it exists");
        }
        boolean done = false;
        try {
            org.thatdam.catalog.CatalogCopyReport r = CatalogCopy.copy(url, CatalogUrl.sqlite(target), null);
            if (!r.ok()) throw new CatalogException("the snapshot of the catalog differs from it in " + r.mismatched());
            singleFile(target);
            CatalogSnapshot snapshot = SqliteCatalog.describe(target);
            done = true;
            return snapshot;
        } finally {
            if (!done) deleteQuietly(target);
        }
    }

    /** Leaves the snapshot as one self-contained file: its write-ahead log folded in and not kept beside it. */
    private static void singleFile(Path file) {
        try (java.sql.Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             java.sql.Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = DELETE");
        } catch (java.sql.SQLException e) {
            throw new CatalogException("cannot finish the catalog snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            try {
                java.nio.file.Files.deleteIfExists(Path.of(file + suffix));
            } catch (java.io.IOException ignored) {
                // a leftover of a failed snapshot is named in the error the caller reports
            }
        }
    }

    @Override
    public long sizeBytes() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT pg_database_size(current_database())").mapTo(Long.class).one());
        } catch (JdbiException e) {
            throw new CatalogException("catalog read failed: " + CatalogPools.rootMessage(e), e);
        }
    }

    @Override
    public String describe() {
        return url.display();
    }

    @Override
    public void close() {
        PostgresChannel ch;
        synchronized (this) {
            closed = true;
            ch = channel;
        }
        if (ch != null) ch.close();
        pool.close();
    }
}
