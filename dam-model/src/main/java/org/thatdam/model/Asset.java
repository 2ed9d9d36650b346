package org.thatdam.model;

import java.time.Instant;

/**
 * The flat view of an asset that lists, tables and JSON use: the asset row joined with its
 * current version's main technical fields and its primary (first present) location.
 * {@code capturedAt} is when the current content was shot (see {@link CaptureSource}),
 * {@code addedAt} when the asset was catalogued; width and height are the display size.
 * {@code rating} is 0–5 stars (0 = unrated); {@code label} is null when the asset has none.
 */
public record Asset(
        long id,
        AssetKind kind,
        String title,
        String batch,
        AssetStatus status,
        String error,
        String path,
        Long sizeBytes,
        Double durationSec,
        Integer width,
        Integer height,
        Double fps,
        String videoCodec,
        String audioCodec,
        String container,
        Long bitRate,
        Long currentVersionId,
        Instant capturedAt,
        CaptureSource captureSource,
        Instant addedAt,
        Instant updatedAt,
        int rating,
        boolean favourite,
        ColourLabel label) {}
