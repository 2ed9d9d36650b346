package org.thatdam.server.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.access.ShareService;

/**
 * What a share link shows: an asset ({@code kind} "asset") or a batch ("batch") and its assets;
 * {@code truncated} when a batch has more than a link lists.
 */
public record SharedView(String kind, String title, @Nullable Instant expiresAt, List<SharedAssetView> assets, boolean truncated) {

    public static SharedView of(ShareService.Shared s, String base) {
        return new SharedView(s.link().assetId() != null ? "asset" : "batch", s.title(), s.link().expiresAt(),
                s.assets().stream().map(a -> SharedAssetView.of(a, base)).toList(), s.truncated());
    }
}
