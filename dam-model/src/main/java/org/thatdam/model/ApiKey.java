package org.thatdam.model;

import java.time.Instant;

/**
 * An API key as listed: {@code prefix} is the start of the key (enough to recognise it), the key
 * itself is shown once when created and kept only as a hash. Its {@code role} is what it was
 * given; it acts with the lower of that and its user's current role.
 */
public record ApiKey(long id, String userName, String name, String prefix, Role role, Instant createdAt,
                     Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
