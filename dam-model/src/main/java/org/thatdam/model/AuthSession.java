package org.thatdam.model;

import java.time.Instant;

/**
 * A login session as its owner may see it. The token itself is never kept (only its SHA-256), so
 * it cannot be shown again or read from the catalog.
 */
public record AuthSession(long id, String userName, Instant createdAt, Instant lastSeenAt, Instant expiresAt,
                          String address, String userAgent) {}
