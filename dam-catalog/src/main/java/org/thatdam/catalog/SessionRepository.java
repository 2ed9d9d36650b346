package org.thatdam.catalog;

import java.util.List;
import java.util.Optional;
import org.thatdam.model.AuthSession;

/** Login sessions, found by the SHA-256 of their token. */
public interface SessionRepository {

    /** A session with its user's id, for validation. */
    record Found(AuthSession session, long userId) {}

    long create(String tokenHash, long userId, long now, long expiresAt, String address, String userAgent);

    Optional<Found> findByTokenHash(String tokenHash);

    void touch(long id, long now);

    /** The user's sessions, newest first. */
    List<AuthSession> forUser(long userId);

    Optional<Found> find(long id);

    boolean delete(long id);

    int deleteForUser(long userId);

    /** Removes sessions ended by time; returns how many. */
    int deleteEnded(long now, long idleMillis);
}
