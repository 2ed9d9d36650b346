package org.thatdam.catalog.sql;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.ChangeLogRepository;
import org.thatdam.model.Change;

final class JdbiChangeLogRepository implements ChangeLogRepository {
    private final Handle h;

    JdbiChangeLogRepository(Handle h) {
        this.h = h;
    }

    @Override
    public long lastSeq() {
        // AUTOINCREMENT keeps the high-water mark in sqlite_sequence, so it survives trimming every row.
        return h.createQuery("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'change_log'), 0)")
                .mapTo(Long.class).one();
    }

    @Override
    public long firstSeq() {
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
        return h.createUpdate("DELETE FROM change_log WHERE seq < :seq").bind("seq", seq).execute();
    }
}
