package org.thatdam.search;

import java.util.List;
import java.util.Map;
import org.thatdam.model.DamException;

/**
 * One search. A null query means "everything", a null sort {@link SearchSort#defaultFor the default for the query}.
 *
 * @param limit   1..1000 hits per page
 * @param offset  0..100000 hits to skip
 * @param facets  whether to count kind, codec, batch, res, status and year over the whole match set
 * @param filters exact facet values to keep ({@link FacetFilters}): OR within a facet, AND across facets; a
 *                facet's own counts leave its own selection out, so its other values stay listed with their counts
 * @param mode    how words match; requests built without one are {@link SearchMode#KEYWORD} (exact, as smart
 *                collections and bulk selections need), people's searches default to {@link SearchMode#HYBRID}
 */
public record SearchRequest(String query, SearchSort sort, int limit, int offset, boolean facets,
        Map<String, List<String>> filters, SearchMode mode) {

    public static final int MAX_LIMIT = 1000;
    public static final int MAX_OFFSET = 100_000;
    public static final int MAX_QUERY_LENGTH = 2000;

    public SearchRequest {
        query = query == null ? "" : query;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DamException.invalid("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw DamException.invalid("offset must be between 0 and " + MAX_OFFSET + ", got " + offset);
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new QueryException("query is too long: " + query.length() + " characters (at most "
                    + MAX_QUERY_LENGTH + ")", MAX_QUERY_LENGTH);
        }
        sort = sort == null ? SearchSort.defaultFor(query) : sort;
        filters = FacetFilters.check(filters);
        mode = mode == null ? SearchMode.KEYWORD : mode;
    }

    public SearchRequest(String query, SearchSort sort, int limit, int offset, boolean facets,
            Map<String, List<String>> filters) {
        this(query, sort, limit, offset, facets, filters, SearchMode.KEYWORD);
    }

    public SearchRequest(String query, SearchSort sort, int limit, int offset, boolean facets) {
        this(query, sort, limit, offset, facets, Map.of());
    }

    /** This request in another mode. */
    public SearchRequest withMode(SearchMode m) {
        return new SearchRequest(query, sort, limit, offset, facets, filters, m);
    }

    /**
     * This request, once its query is known to parse.
     *
     * @throws QueryException naming what cannot be understood and where
     */
    public SearchRequest validate() {
        QueryLanguage.Parsed p = QueryLanguage.parse(query);
        // only keyword mode needs the words as a keyword query (semantic embeds them; hybrid can keep its vector half)
        if (mode == SearchMode.KEYWORD) p.keyword();
        return this;
    }

    public static SearchRequest of(String query) {
        return new SearchRequest(query, SearchSort.RELEVANCE, 50, 0, false);
    }
}
