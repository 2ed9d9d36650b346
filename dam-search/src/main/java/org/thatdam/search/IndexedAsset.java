package org.thatdam.search;

import java.time.Instant;
import java.util.List;

/**
 * What the search index knows about one asset: a flat projection of the catalog, always rebuildable
 * from it. Null fields are simply not indexed.
 *
 * @param kind       "video", "audio", "image" or "other" (case-insensitive)
 * @param status     "ok", "failed" or "missing" (case-insensitive)
 * @param capturedAt when the content was shot (capture time), else when the asset was catalogued
 * @param text       free-text metadata: title/comment tags, camera make and model
 * @param rating     0–5 stars (0 = unrated)
 * @param label      colour label id ("red"), or null
 */
public record IndexedAsset(long id, String path, String title, String batch, List<String> tags, String kind, String status,
        String videoCodec, String audioCodec, String container, Double durationSec, Integer width, Integer height, Double fps,
        Instant capturedAt, long sizeBytes, String text, int rating, boolean favourite, String label) {

    public IndexedAsset {
        tags = tags == null ? List.of() : tags.stream().filter(t -> t != null && !t.isBlank()).toList();
    }

    /** An asset nobody has rated, marked or labelled. */
    public IndexedAsset(long id, String path, String title, String batch, List<String> tags, String kind, String status,
            String videoCodec, String audioCodec, String container, Double durationSec, Integer width, Integer height,
            Double fps, Instant capturedAt, long sizeBytes, String text) {
        this(id, path, title, batch, tags, kind, status, videoCodec, audioCodec, container, durationSec, width, height, fps,
                capturedAt, sizeBytes, text, 0, false, null);
    }
}
