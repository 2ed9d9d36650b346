package org.thatdam.server.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.ColourLabel;
import org.thatdam.search.SearchHit;
import org.thatdam.search.SearchResult;

/**
 * One page of search hits, how many match in all, the facet counts of all matches, and the order the
 * hits are in ({@code sort}: the one asked for, or the query's default: relevance when it has words, else newest).
 */
public record SearchPage(long total, List<Hit> items, Map<String, List<Facet>> facets, long tookMs, String sort) {

    /**
     * Enough to render a result row; {@code capturedAt} is when it was shot, else when it was catalogued;
     * {@code rating} 0–5 stars, {@code label} the colour label or null; {@code matches} where in the video
     * the query matched, best first (empty when no scene did).
     */
    public record Hit(long id, @Nullable String path, @Nullable String title, AssetKind kind, AssetStatus status,
                      @Nullable Double durationSec, @Nullable Integer width, @Nullable Integer height,
                      @Nullable String videoCodec, @Nullable String batch, @Nullable Instant capturedAt, int rating,
                      boolean favourite, @Nullable ColourLabel label, float score, List<Match> matches) {

        static Hit of(SearchHit h) {
            return new Hit(h.id(), h.path(), h.title(), AssetKind.parse(h.kind()), AssetStatus.parse(h.status()), h.durationSec(), h.width(), h.height(),
                    h.videoCodec(), h.batch(), h.capturedAt(), h.rating(), h.favourite(), ColourLabel.parseOrNull(h.label()),
                    h.score(), h.matches().stream().map(m -> new Match(m.startSec(), m.endSec(), m.text(), m.sceneId())).toList());
        }
    }

    /**
     * A time range of the video that matched: a scene or adjacent beats whose on-screen text or picture
     * matched; {@code text} is what is seen there (null for a match by picture), {@code sceneId} the best scene.
     */
    public record Match(double startSec, double endSec, @Nullable String text, long sceneId) {}

    /** A facet value (usable as is in a filter, e.g. {@code res:4k}) and how many matches have it. */
    public record Facet(String value, long count) {}

    public static SearchPage of(SearchResult r) {
        Map<String, List<Facet>> facets = new LinkedHashMap<>();
        r.facets().forEach((name, counts) -> facets.put(name, counts.stream().map(c -> new Facet(c.value(), c.count())).toList()));
        return new SearchPage(r.total(), r.items().stream().map(Hit::of).toList(), facets, r.tookMs(), r.sort());
    }
}
