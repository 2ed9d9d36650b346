package org.thatdam.search;

/**
 * One hit: enough to render a result row without asking the catalog.
 *
 * @param capturedAt when the content was shot, else when it was catalogued (as indexed); null in
 *                   hits indexed before it was kept
 * @param rating     0–5 stars; {@code label} is a colour label id or null
 * @param matches    where in the video it matched, best first (empty when no scene matched)
 */
public record SearchHit(long id, String path, String title, String kind, String status, Double durationSec, Integer width,
        Integer height, String videoCodec, String batch, java.time.Instant capturedAt, int rating, boolean favourite,
        String label, float score, java.util.List<SearchMatch> matches) {

    public SearchHit {
        matches = matches == null ? java.util.List.of() : java.util.List.copyOf(matches);
    }

    public SearchHit(long id, String path, String title, String kind, String status, Double durationSec, Integer width,
            Integer height, String videoCodec, String batch, java.time.Instant capturedAt, int rating, boolean favourite,
            String label, float score) {
        this(id, path, title, kind, status, durationSec, width, height, videoCodec, batch, capturedAt, rating, favourite,
                label, score, java.util.List.of());
    }

    SearchHit withMatches(java.util.List<SearchMatch> m) {
        return new SearchHit(id, path, title, kind, status, durationSec, width, height, videoCodec, batch, capturedAt,
                rating, favourite, label, score, m);
    }
}
