package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.SessionRepository;
import org.thatdam.model.AuthSession;

final class JdbiSessionRepository implements SessionRepository {

    private static final String SELECT = """
            SELECT s.id, s.user_id, u.name, s.created_at, s.last_seen_at, s.expires_at, s.address, s.user_agent
            FROM auth_session s JOIN app_user u ON u.id = s.user_id""";

    private final Handle h;

    JdbiSessionRepository(Handle h) {
        this.h = h;
    }

    @Override
    public long create(String tokenHash, long userId, long now, long expiresAt, String address, String userAgent) {
        return h.createUpdate("""
                INSERT INTO auth_session (token_hash, user_id, created_at, last_seen_at, expires_at, address, user_agent)
                VALUES (:hash, :user, :now, :now, :expires, :address, :agent)""")
                .bind("hash", tokenHash).bind("user", userId).bind("now", now).bind("expires", expiresAt)
                .bind("address", address).bind("agent", userAgent)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    @Override
    public Optional<Found> findByTokenHash(String tokenHash) {
        return h.createQuery(SELECT + " WHERE s.token_hash = :hash").bind("hash", tokenHash)
                .map((rs, ctx) -> found(rs)).findOne();
    }

    @Override
    public Optional<Found> find(long id) {
        return h.createQuery(SELECT + " WHERE s.id = :id").bind("id", id).map((rs, ctx) -> found(rs)).findOne();
    }

    @Override
    public void touch(long id, long now) {
        h.createUpdate("UPDATE auth_session SET last_seen_at = :now WHERE id = :id").bind("now", now).bind("id", id)
                .execute();
    }

    @Override
    public List<AuthSession> forUser(long userId) {
        return h.createQuery(SELECT + " WHERE s.user_id = :user ORDER BY s.id DESC").bind("user", userId)
                .map((rs, ctx) -> found(rs).session()).list();
    }

    @Override
    public boolean delete(long id) {
        return h.createUpdate("DELETE FROM auth_session WHERE id = :id").bind("id", id).execute() == 1;
    }

    @Override
    public int deleteForUser(long userId) {
        return h.createUpdate("DELETE FROM auth_session WHERE user_id = :user").bind("user", userId).execute();
    }

    @Override
    public int deleteEnded(long now, long idleMillis) {
        return h.createUpdate("DELETE FROM auth_session WHERE expires_at <= :now OR last_seen_at + :idle <= :now")
                .bind("now", now).bind("idle", idleMillis).execute();
    }

    private static Found found(ResultSet rs) throws SQLException {
        return new Found(new AuthSession(rs.getLong("id"), rs.getString("name"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "last_seen_at"), Rows.instant(rs, "expires_at"), rs.getString("address"),
                rs.getString("user_agent")), rs.getLong("user_id"));
    }
}
