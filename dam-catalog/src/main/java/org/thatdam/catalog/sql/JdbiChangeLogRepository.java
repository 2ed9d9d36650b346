package org.thatdam.catalog.sql;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.ChangeLogRepository;
import org.thatdam.model.Change;

final class JdbiChangeLogRepository implements ChangeLogRepository {
    private final Handle h;
    private final SqlDialect dialect;

    JdbiChangeLogRepository(Handle h, SqlDialect dialect) {
        this.h = h;
        this.dialect = dialect;
    }

    @Override
    public long lastSeq() {
        if (dialect == SqlDialect.SQLITE) {
            // AUTOINCREMENT keeps the high-water mark in sqlite_sequence, so it survives trimming every row;
            // SQLite has one writer at a time, so that mark is never ahead of what a reader sees.
            return h.createQuery("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'change_log'), 0)")
                    .mapTo(Long.class).one();
        }
        // Not the sequence's value: it can belong to a transaction that has not committed yet, and a
        // follower told that seq would skip that change for good. The newest committed row is what this
        // reader sees (writers commit in seq order, under one advisory lock); the floor remembers the
        // newest row trimmed, for a log trimmed empty.
        return h.createQuery("""
                SELECT greatest((SELECT coalesce(max(seq), 0) FROM change_log), (SELECT seq FROM change_log_trimmed))""")
                .mapTo(Long.class).one();
    }

    @Override
    public long firstSeq() {
        if (dialect == SqlDialect.POSTGRESQL) {
            // A rolled-back transaction leaves a gap in PostgreSQL's sequence (SQLite's has none), so the
            // oldest row kept may lie past rows that never existed: what a follower needs to know is the
            // first seq that trimming has not removed, one past the newest row trimmed.
            return h.createQuery("SELECT CASE WHEN EXISTS (SELECT 1 FROM change_log)"
                    + " THEN (SELECT seq FROM change_log_trimmed) + 1 ELSE 0 END").mapTo(Long.class).one();
        }
        return h.createQuery("SELECT coalesce(min(seq), 0) FROM change_log").mapTo(Long.class).one();
    }

    @Override
    public List<Change> since(long seq, int limit) {
        return h.createQuery("SELECT seq, asset_id FROM change_log WHERE seq > :seq ORDER BY seq LIMIT :limit")
                .bind("seq", seq).bind("limit", limit)
                .map((rs, ctx) -> new Change(rs.getLong("seq"), rs.getLong("asset_id"))).list();
    }

    @Override
    public int trimBefore(long seq) {
        if (dialect == SqlDialect.POSTGRESQL) {
            h.createUpdate("UPDATE change_log_trimmed SET seq = greatest(seq, (SELECT coalesce(max(seq), 0) FROM change_log"
                    + " WHERE seq < :seq))").bind("seq", seq).execute();
        }
        return h.createUpdate("DELETE FROM change_log WHERE seq < :seq").bind("seq", seq).execute();
    }
}
