package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.ShareLink;

/**
 * A share link as listed: what it shares (an asset or a batch), its address ({@code url}, the page
 * it opens, with the token after the {@code #}), and whether it still opens.
 */
public record ShareView(long id, String token, String url, @Nullable Long assetId, @Nullable String assetTitle,
                        @Nullable String batch, @Nullable String createdBy, Instant createdAt, @Nullable Instant expiresAt,
                        boolean password, @Nullable Instant revokedAt, boolean live) {

    public static ShareView of(ShareLink l, String url, Instant now) {
        return new ShareView(l.id(), l.token(), url, l.assetId(), l.assetTitle(), l.batch(), l.createdBy(), l.createdAt(),
                l.expiresAt(), l.hasPassword(), l.revokedAt(), l.liveAt(now));
    }
}
