package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.ApiKey;
import org.thatdam.model.Role;

/**
 * An API key as listed: {@code prefix} is the start of the key, enough to recognise it; the key
 * itself is shown only when made. {@code active}: neither revoked nor expired.
 */
public record ApiKeyView(long id, String user, String name, String prefix, Role role, Instant createdAt,
                         @Nullable Instant expiresAt, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt, boolean active) {

    public static ApiKeyView of(ApiKey k, Instant now) {
        return new ApiKeyView(k.id(), k.userName(), k.name() == null ? "" : k.name(), k.prefix(), k.role(), k.createdAt(),
                k.expiresAt(), k.lastUsedAt(), k.revokedAt(), k.usableAt(now));
    }
}
