package org.thatdam.search;

/**
 * A query a person typed cannot be understood. The message names the problem and the position
 * (0-based character offset into the query) it was found at, e.g. "unbalanced quote at 14".
 */
public class QueryException extends IllegalArgumentException {

    private final int position;

    public QueryException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** 0-based character offset into the query. */
    public int position() {
        return position;
    }
}
