package org.thatdam.search;

import org.thatdam.model.DamException;

import java.util.Locale;

/**
 * Result order. Every order ends with a tie-break on the asset id, so paging never overlaps or skips.
 * RELEVANCE: best score first, then newest id; NEWEST/OLDEST: by capture time; DURATION and SIZE:
 * largest first; NAME: title, case- and accent-insensitive, A→Z.
 */
public enum SearchSort {
    RELEVANCE, NEWEST, OLDEST, DURATION, SIZE, NAME;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The order a search takes when none is asked for: RELEVANCE when the query has words to rank by,
     * or a {@code similar:} term to rank by closeness, else NEWEST (by capture time), which is also what a
     * query that cannot be parsed gets.
     */
    public static SearchSort defaultFor(String query) {
        try {
            QueryLanguage.Parsed p = QueryLanguage.parse(query);
            return p.scoring() || QueryLanguage.similar(p.node()) != null ? RELEVANCE : NEWEST;
        } catch (QueryException e) {
            return NEWEST;   // the search itself reports the error
        }
    }

    /** Parses "relevance", "newest", … (case-insensitive; null or blank → RELEVANCE). */
    public static SearchSort parse(String s) {
        if (s == null || s.isBlank()) return RELEVANCE;
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DamException.invalid("unknown sort '" + s
                    + "' (expected relevance, newest, oldest, duration, size or name)");
        }
    }
}
