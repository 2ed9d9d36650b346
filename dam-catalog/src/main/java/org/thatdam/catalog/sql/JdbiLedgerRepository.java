package org.thatdam.catalog.sql;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.LedgerRepository;
import org.thatdam.model.LedgerEntry;

final class JdbiLedgerRepository implements LedgerRepository {
    private final Handle h;

    JdbiLedgerRepository(Handle h) {
        this.h = h;
    }

    @Override
    public List<LedgerEntry> byHash(String fullHash) {
        return h.createQuery("SELECT * FROM copy_ledger WHERE full_hash = :h ORDER BY id").bind("h", fullHash)
                .map((rs, ctx) -> new LedgerEntry(rs.getLong("id"), rs.getString("full_hash"), rs.getString("source_path"),
                        rs.getString("destination"), Rows.instant(rs, "copied_at")))
                .list();
    }

    @Override
    public long record(String fullHash, String sourcePath, String destination, long now) {
        return h.createQuery("""
                INSERT INTO copy_ledger (full_hash, source_path, destination, copied_at)
                VALUES (:h, :src, :dst, :now) RETURNING id""")
                .bind("h", fullHash).bind("src", sourcePath).bind("dst", destination).bind("now", now)
                .mapTo(Long.class).one();
    }
}
