package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.DerivativeRepository;
import org.thatdam.model.Derivative;

final class JdbiDerivativeRepository implements DerivativeRepository {

    private final Handle h;

    JdbiDerivativeRepository(Handle h) {
        this.h = h;
    }

    @Override
    public List<Derivative> forAsset(long assetId) {
        return h.createQuery("SELECT * FROM derivative WHERE asset_id = :a ORDER BY kind").bind("a", assetId)
                .map((rs, ctx) -> derivative(rs)).list();
    }

    @Override
    public Optional<Derivative> find(long assetId, String kind) {
        return h.createQuery("SELECT * FROM derivative WHERE asset_id = :a AND kind = :k").bind("a", assetId)
                .bind("k", kind).map((rs, ctx) -> derivative(rs)).findOne();
    }

    @Override
    public void put(Derivative d) {
        h.createUpdate("""
                INSERT INTO derivative (asset_id, kind, version_id, path, mime, size_bytes, width, height, detail, created_at)
                VALUES (:a, :k, :v, :path, :mime, :size, :w, :h, :detail, :now)
                ON CONFLICT (asset_id, kind) DO UPDATE SET version_id = excluded.version_id, path = excluded.path,
                    mime = excluded.mime, size_bytes = excluded.size_bytes, width = excluded.width,
                    height = excluded.height, detail = excluded.detail, created_at = excluded.created_at""")
                .bind("a", d.assetId()).bind("k", d.kind()).bind("v", d.versionId()).bind("path", d.path())
                .bind("mime", d.mime()).bind("size", d.sizeBytes()).bind("w", d.width()).bind("h", d.height())
                .bind("detail", d.detail()).bind("now", d.createdAt().toEpochMilli()).execute();
    }

    @Override
    public void delete(long assetId, String kind) {
        h.createUpdate("DELETE FROM derivative WHERE asset_id = :a AND kind = :k").bind("a", assetId).bind("k", kind)
                .execute();
    }

    private static Derivative derivative(ResultSet rs) throws SQLException {
        return new Derivative(rs.getLong("asset_id"), rs.getString("kind"), rs.getLong("version_id"),
                rs.getString("path"), rs.getString("mime"), rs.getLong("size_bytes"), Rows.intOrNull(rs, "width"),
                Rows.intOrNull(rs, "height"), rs.getString("detail"), Rows.instant(rs, "created_at"));
    }
}
