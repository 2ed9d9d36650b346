package org.thatdam.server.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.AssetKind;
import org.thatdam.model.CaptureSource;
import org.thatdam.model.MediaInfo;

/** What probing one file (catalogued or not) found. */
public record MediaView(String path, AssetKind kind, @Nullable String container, @Nullable Double durationSec,
                        @Nullable Long bitRate, @Nullable Integer width, @Nullable Integer height, @Nullable Double fps,
                        @Nullable String videoCodec, @Nullable String audioCodec, @Nullable Instant capturedAt,
                        @Nullable CaptureSource captureSource, @JsonUnwrapped MediaMetadata metadata) {

    public static MediaView of(String path, MediaInfo mi) {
        return new MediaView(path, mi.kind(), mi.container(), mi.durationSec(), mi.bitRate(), mi.width(), mi.height(),
                mi.fps(), mi.videoCodec(), mi.audioCodec(), mi.capturedAt(), mi.captureSource(), MediaMetadata.of(mi));
    }
}
