package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.XmpRepository;

final class JdbiXmpRepository implements XmpRepository {

    private final Handle h;
    private final SqlDialect dialect;

    JdbiXmpRepository(Handle h, SqlDialect dialect) {
        this.h = h;
        this.dialect = dialect;
    }

    @Override
    public Optional<Sync> find(long assetId) {
        return h.createQuery("SELECT * FROM xmp_sync WHERE asset_id = :id").bind("id", assetId)
                .map((rs, ctx) -> sync(rs)).findOne();
    }

    @Override
    public List<Sync> byPath(String path) {
        return h.createQuery("SELECT * FROM xmp_sync WHERE path = :path ORDER BY asset_id").bind("path", path)
                .map((rs, ctx) -> sync(rs)).list();
    }

    @Override
    public void put(Sync s) {
        h.createUpdate("""
                INSERT INTO xmp_sync (asset_id, source, path, size_bytes, mtime_millis, hash, values_json,
                    extra_json, synced_at, error, conflicts)
                VALUES (:asset, :source, :path, :size, :mtime, :hash, :values, :extra, :synced, :error, :conflicts)
                ON CONFLICT (asset_id) DO UPDATE SET source = excluded.source, path = excluded.path,
                    size_bytes = excluded.size_bytes, mtime_millis = excluded.mtime_millis, hash = excluded.hash,
                    values_json = excluded.values_json, extra_json = excluded.extra_json, synced_at = excluded.synced_at,
                    error = excluded.error, conflicts = excluded.conflicts""")
                .bind("asset", s.assetId()).bind("source", s.source()).bind("path", s.path())
                .bind("size", s.sizeBytes()).bind("mtime", s.mtimeMillis()).bind("hash", s.hash())
                .bind("values", s.valuesJson()).bind("extra", s.extraJson()).bind("synced", s.syncedAt())
                .bind("error", s.error()).bind("conflicts", s.conflictsJson()).execute();
    }

    @Override
    public void setError(long assetId, String error) {
        h.createUpdate("UPDATE xmp_sync SET error = :error WHERE asset_id = :id")
                .bind("error", error).bind("id", assetId).execute();
    }

    @Override
    public List<SidecarStamp> sidecarStamps(String path) {
        return h.createQuery("SELECT * FROM xmp_sidecar WHERE path = :path ORDER BY asset_id").bind("path", path)
                .map((rs, ctx) -> stamp(rs)).list();
    }

    @Override
    public List<SidecarStamp> sidecarStampsIn(String prefix) {
        if (prefix.isEmpty() || prefix.charAt(prefix.length() - 1) != java.io.File.separatorChar) {
            throw new IllegalArgumentException("a folder prefix ends with the separator: " + prefix);
        }
        // A range scan on the primary key, as JdbiAssetRepository.locationsIn: nothing below a subfolder.
        String hi = JdbiAssetRepository.successor(prefix);
        var q = h.createQuery("SELECT * FROM xmp_sidecar WHERE path >= :lo" + (hi == null ? "" : " AND path < :hi")
                + " AND " + dialect.instr() + "(substr(path, :n), :sep) = 0").bind("lo", prefix)
                .bind("n", prefix.codePointCount(0, prefix.length()) + 1) // both engines count characters, not UTF-16 units
                .bind("sep", java.io.File.separator);
        if (hi != null) q.bind("hi", hi);
        return q.map((rs, ctx) -> stamp(rs)).list();
    }

    @Override
    public void putSidecarStamp(SidecarStamp s) {
        h.createUpdate("""
                INSERT INTO xmp_sidecar (path, asset_id, size_bytes, mtime_millis, inode)
                VALUES (:path, :asset, :size, :mtime, :inode)
                ON CONFLICT (path, asset_id) DO UPDATE SET size_bytes = excluded.size_bytes,
                    mtime_millis = excluded.mtime_millis, inode = excluded.inode""")
                .bind("path", s.path()).bind("asset", s.assetId()).bind("size", s.sizeBytes())
                .bind("mtime", s.mtimeMillis()).bind("inode", s.inode()).execute();
    }

    private static SidecarStamp stamp(ResultSet rs) throws SQLException {
        return new SidecarStamp(rs.getString("path"), rs.getLong("asset_id"), rs.getLong("size_bytes"),
                rs.getLong("mtime_millis"), Rows.longOrNull(rs, "inode"));
    }

    private static Sync sync(ResultSet rs) throws SQLException {
        return new Sync(rs.getLong("asset_id"), rs.getString("source"), rs.getString("path"),
                Rows.longOrNull(rs, "size_bytes"), Rows.longOrNull(rs, "mtime_millis"), rs.getString("hash"),
                rs.getString("values_json"), rs.getString("extra_json"), rs.getLong("synced_at"),
                rs.getString("error"), rs.getString("conflicts"));
    }
}
