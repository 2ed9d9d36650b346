package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.ShareLinkRepository;
import org.thatdam.model.ShareLink;

final class JdbiShareLinkRepository implements ShareLinkRepository {

    private static final String SELECT = """
            SELECT l.id, l.token, l.asset_id, a.title AS asset_title, b.name AS batch_name, l.created_by, l.created_at,
                   l.expires_at, l.password_hash, l.revoked_at
            FROM share_link l LEFT JOIN asset a ON a.id = l.asset_id LEFT JOIN batch b ON b.id = l.batch_id""";

    private final Handle h;

    JdbiShareLinkRepository(Handle h) {
        this.h = h;
    }

    @Override
    public long create(String token, Long assetId, Long batchId, String createdBy, long now, Long expiresAt, String passwordHash) {
        return h.createUpdate("""
                INSERT INTO share_link (token, asset_id, batch_id, created_by, created_at, expires_at, password_hash)
                VALUES (:token, :asset, :batch, :by, :now, :expires, :hash)""")
                .bind("token", token).bind("asset", assetId).bind("batch", batchId).bind("by", createdBy)
                .bind("now", now).bind("expires", expiresAt).bind("hash", passwordHash)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    @Override
    public Optional<ShareLink> find(long id) {
        return h.createQuery(SELECT + " WHERE l.id = :id").bind("id", id).map((rs, ctx) -> link(rs)).findOne();
    }

    @Override
    public Optional<ShareLink> findByToken(String token) {
        return h.createQuery(SELECT + " WHERE l.token = :token").bind("token", token).map((rs, ctx) -> link(rs)).findOne();
    }

    @Override
    public List<ShareLink> list(int limit, int offset) {
        return h.createQuery(SELECT + " ORDER BY l.id DESC LIMIT :limit OFFSET :offset").bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> link(rs)).list();
    }

    @Override
    public boolean revoke(long id, long now) {
        return h.createUpdate("UPDATE share_link SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", now).bind("id", id).execute() == 1;
    }

    private static ShareLink link(ResultSet rs) throws SQLException {
        return new ShareLink(rs.getLong("id"), rs.getString("token"), Rows.longOrNull(rs, "asset_id"),
                rs.getString("asset_title"), rs.getString("batch_name"), rs.getString("created_by"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"), rs.getString("password_hash"),
                Rows.instant(rs, "revoked_at"));
    }
}
