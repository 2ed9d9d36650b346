package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.CaptureSource;
import org.thatdam.model.ColourLabel;

/**
 * The flat view of an asset that lists use: the asset with its current version's main technical fields,
 * and what people marked on it ({@code rating} 0–5 stars, {@code favourite}, {@code label} or null).
 */
public record AssetSummary(long id, @Nullable String path, String title, AssetKind kind, AssetStatus status,
                           @Nullable String error, @Nullable Long sizeBytes, @Nullable Double durationSec,
                           @Nullable Integer width, @Nullable Integer height, @Nullable Double fps,
                           @Nullable String videoCodec, @Nullable String audioCodec, @Nullable String container,
                           @Nullable Long bitRate, @Nullable String batch, @Nullable Instant capturedAt,
                           @Nullable CaptureSource captureSource, Instant addedAt, Instant updatedAt, int rating,
                           boolean favourite, @Nullable ColourLabel label) {

    public static AssetSummary of(Asset a) {
        return new AssetSummary(a.id(), a.path(), a.title(), a.kind(), a.status(), a.error(), a.sizeBytes(),
                a.durationSec(), a.width(), a.height(), a.fps(), a.videoCodec(), a.audioCodec(), a.container(),
                a.bitRate(), a.batch(), a.capturedAt(), a.captureSource(), a.addedAt(), a.updatedAt(), a.rating(),
                a.favourite(), a.label());
    }
}
