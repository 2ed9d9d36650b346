package org.thatdam.core.migrate;

import java.nio.file.Path;
import org.thatdam.catalog.CatalogCopyReport;
import org.thatdam.catalog.CatalogUrl;
import org.thatdam.catalog.sql.CatalogCopy;
import org.thatdam.core.serve.ServerLock;
import org.thatdam.core.serve.ServerRunningException;
import org.thatdam.storage.DataLayout;

/**
 * Moves a library's catalog to another engine ({@code dam migrate}): SQLite to PostgreSQL when a team
 * outgrows one machine, or PostgreSQL to a new SQLite file. The target's schema is brought up to date,
 * every table is copied in one snapshot of the source, and the copy is verified by row counts and
 * checksums. The source is only read.
 */
public final class CatalogMigration {

    private CatalogMigration() {}

    /** How far the copy is: the table being copied, its rows copied so far and its rows in all. */
    @FunctionalInterface
    public interface Progress {
        void table(String table, long rowsDone, long rowsTotal);
    }

    public static MigrationReport migrate(String from, String to, Progress progress) {
        CatalogUrl source = CatalogUrl.parse(from);
        CatalogUrl target = CatalogUrl.parse(to);
        refuseWhileServed(source);
        CatalogCopyReport r = CatalogCopy.copy(source, target, progress == null ? null : progress::table);
        long rowsPerSecond = r.copyMillis() == 0 ? r.rows() * 1000 : r.rows() * 1000 / r.copyMillis();
        return new MigrationReport(r.ok(), r.source(), r.target(), r.schemaVersion(), r.rows(), r.copyMillis(), r.verifyMillis(),
                rowsPerSecond, r.tables().stream().map(t -> new MigrationReport.Table(t.table(), t.sourceRows(), t.targetRows(),
                        t.sourceChecksum(), t.targetChecksum(), t.ok())).toList());
    }

    /**
     * A server writing to a SQLite catalog while it is copied would make changes after the copy's
     * snapshot, which the new catalog would never see: it must be stopped first.
     */
    private static void refuseWhileServed(CatalogUrl source) {
        if (source.isPostgres()) return;
        Path home = source.sqliteFile().getParent();
        if (home == null) return;
        ServerLock.running(new DataLayout(home)).ifPresent(h -> {
            throw new ServerRunningException(h.endpoint());
        });
    }
}
