package org.thatdam.search;

/**
 * One hit: enough to render a result row without asking the catalog.
 *
 * @param capturedAt when the content was shot, else when it was catalogued (as indexed); null in
 *                   hits indexed before it was kept
 * @param rating     0–5 stars; {@code label} is a colour label id or null
 */
public record SearchHit(long id, String path, String title, String kind, String status, Double durationSec, Integer width,
        Integer height, String videoCodec, String batch, java.time.Instant capturedAt, int rating, boolean favourite,
        String label, float score) {}
