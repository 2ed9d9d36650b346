package org.thatdam.catalog;

import java.util.List;
import java.util.Optional;
import org.thatdam.model.ApiKey;
import org.thatdam.model.Role;

/** API keys, found by the SHA-256 of the key. */
public interface ApiKeyRepository {

    /** A key with its user's id and current role, for authentication. */
    record Found(ApiKey key, long userId, Role userRole) {}

    long create(long userId, String name, String prefix, String keyHash, Role role, long now, Long expiresAt);

    Optional<Found> findByHash(String keyHash);

    Optional<ApiKey> find(long id);

    /** All keys (of one user when {@code userId} is not null), newest first. */
    List<ApiKey> list(Long userId);

    void touch(long id, long now);

    boolean revoke(long id, long now);
}
