package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.AssetVersion;
import org.thatdam.model.CaptureSource;

/** One content of an asset over time; {@code versionNo} counts from 1. */
public record VersionView(int versionNo, long sizeBytes, @Nullable Instant capturedAt, @Nullable CaptureSource captureSource,
                          @Nullable String quickHash, @Nullable String fullHash, Instant createdAt, @Nullable String error,
                          @Nullable Double durationSec, @Nullable Integer width, @Nullable Integer height,
                          @Nullable String videoCodec, @Nullable String audioCodec) {

    public static VersionView of(AssetVersion v) {
        var m = v.media();
        return new VersionView(v.versionNo(), v.sizeBytes(), m.capturedAt(), m.captureSource(), v.quickHash(), v.fullHash(),
                v.createdAt(), v.error(), m.durationSec(), m.width(), m.height(), m.videoCodec(), m.audioCodec());
    }
}
