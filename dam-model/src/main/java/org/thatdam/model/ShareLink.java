package org.thatdam.model;

import java.time.Instant;

/**
 * A read-only link to one asset ({@code assetId}) or one batch ({@code batch}, its current name):
 * exactly one of the two is set. {@code createdBy} is null when the local command line made it.
 * {@code passwordHash} is the Argon2id string of its password, or null for none.
 */
public record ShareLink(long id, String token, Long assetId, String assetTitle, String batch, String createdBy,
                        Instant createdAt, Instant expiresAt, String passwordHash, Instant revokedAt) {

    /** Whether the link opens at {@code now}: not revoked, not expired. */
    public boolean liveAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    /** The link without its password hash, for everything that shows links. */
    @Override
    public String toString() {
        return "ShareLink[id=" + id + ", assetId=" + assetId + ", batch=" + batch + ", createdBy=" + createdBy
                + ", expiresAt=" + expiresAt + ", password=" + hasPassword() + ", revokedAt=" + revokedAt + "]";
    }
}
