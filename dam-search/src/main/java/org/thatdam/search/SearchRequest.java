package org.thatdam.search;

import org.thatdam.model.DamException;

/**
 * One search. A null query means "everything", a null sort RELEVANCE.
 *
 * @param limit  1..1000 hits per page
 * @param offset 0..100000 hits to skip
 * @param facets whether to count kind, codec, batch, res, status and year over the whole match set
 */
public record SearchRequest(String query, SearchSort sort, int limit, int offset, boolean facets) {

    public static final int MAX_LIMIT = 1000;
    public static final int MAX_OFFSET = 100_000;
    public static final int MAX_QUERY_LENGTH = 2000;

    public SearchRequest {
        query = query == null ? "" : query;
        sort = sort == null ? SearchSort.RELEVANCE : sort;
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
    }

    public static SearchRequest of(String query) {
        return new SearchRequest(query, SearchSort.RELEVANCE, 50, 0, false);
    }
}
