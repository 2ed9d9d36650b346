package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;
import org.thatdam.core.access.ShareService;

/**
 * One asset of a share link: names, kind, duration and size, and the addresses of its poster and
 * proxy under the link (null when the asset has none). Never where its files are.
 */
public record SharedAssetView(long id, String title, String kind, @Nullable Double durationSec, @Nullable Integer width,
                              @Nullable Integer height, @Nullable String poster, @Nullable String proxy) {

    public static SharedAssetView of(ShareService.SharedAsset a, String base) {
        String prefix = base + "/assets/" + a.id();
        return new SharedAssetView(a.id(), a.title(), a.kind().id(), a.durationSec(), a.width(), a.height(),
                a.poster() ? prefix + "/poster" : null, a.proxy() ? prefix + "/proxy" : null);
    }
}
