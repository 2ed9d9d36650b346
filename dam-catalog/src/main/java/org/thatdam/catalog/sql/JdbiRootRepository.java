package org.thatdam.catalog.sql;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.RootRepository;
import org.thatdam.model.LibraryRoot;

final class JdbiRootRepository implements RootRepository {
    private final Handle h;

    JdbiRootRepository(Handle h) {
        this.h = h;
    }

    @Override
    public List<LibraryRoot> list() {
        return h.createQuery("SELECT id, path, added_at FROM library_root ORDER BY path")
                .map((rs, ctx) -> new LibraryRoot(rs.getLong("id"), rs.getString("path"), Rows.instant(rs, "added_at")))
                .list();
    }

    @Override
    public boolean add(String path, long now) {
        return h.createUpdate("INSERT INTO library_root (path, added_at) VALUES (:path, :now) ON CONFLICT (path) DO NOTHING")
                .bind("path", path).bind("now", now).execute() > 0;
    }

    @Override
    public boolean remove(String path) {
        return h.createUpdate("DELETE FROM library_root WHERE path = :path").bind("path", path).execute() > 0;
    }
}
