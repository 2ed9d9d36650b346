package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.ApiKeyRepository;
import org.thatdam.model.ApiKey;
import org.thatdam.model.Role;

final class JdbiApiKeyRepository implements ApiKeyRepository {

    private static final String SELECT = """
            SELECT k.id, k.user_id, u.name AS user_name, u.role AS user_role, k.name, k.prefix, k.role, k.created_at,
                   k.expires_at, k.last_used_at, k.revoked_at
            FROM api_key k JOIN app_user u ON u.id = k.user_id""";

    private final Handle h;

    JdbiApiKeyRepository(Handle h) {
        this.h = h;
    }

    @Override
    public long create(long userId, String name, String prefix, String keyHash, Role role, long now, Long expiresAt) {
        return h.createUpdate("""
                INSERT INTO api_key (user_id, name, prefix, key_hash, role, created_at, expires_at)
                VALUES (:user, :name, :prefix, :hash, :role, :now, :expires)""")
                .bind("user", userId).bind("name", name).bind("prefix", prefix).bind("hash", keyHash)
                .bind("role", role.id()).bind("now", now).bind("expires", expiresAt)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    @Override
    public Optional<Found> findByHash(String keyHash) {
        return h.createQuery(SELECT + " WHERE k.key_hash = :hash").bind("hash", keyHash)
                .map((rs, ctx) -> new Found(key(rs), rs.getLong("user_id"), Role.parse(rs.getString("user_role"))))
                .findOne();
    }

    @Override
    public Optional<ApiKey> find(long id) {
        return h.createQuery(SELECT + " WHERE k.id = :id").bind("id", id).map((rs, ctx) -> key(rs)).findOne();
    }

    @Override
    public List<ApiKey> list(Long userId) {
        String where = userId == null ? "" : " WHERE k.user_id = :user";
        var q = h.createQuery(SELECT + where + " ORDER BY k.id DESC");
        if (userId != null) q.bind("user", userId);
        return q.map((rs, ctx) -> key(rs)).list();
    }

    @Override
    public void touch(long id, long now) {
        h.createUpdate("UPDATE api_key SET last_used_at = :now WHERE id = :id").bind("now", now).bind("id", id).execute();
    }

    @Override
    public boolean revoke(long id, long now) {
        return h.createUpdate("UPDATE api_key SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", now).bind("id", id).execute() == 1;
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getLong("id"), rs.getString("user_name"), rs.getString("name"), rs.getString("prefix"),
                Role.parse(rs.getString("role")), Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "last_used_at"), Rows.instant(rs, "revoked_at"));
    }
}
