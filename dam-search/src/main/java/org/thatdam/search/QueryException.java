package org.thatdam.search;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * A query a person typed cannot be understood. The message names the problem and the position
 * (0-based character offset into the query) it was found at, e.g. "unbalanced quote at 14".
 */
public class QueryException extends DamException {

    private final int position;

    public QueryException(String message, int position) {
        super(ErrorCode.BAD_QUERY, message);
        this.position = position;
    }

    /** 0-based character offset into the query. */
    public int position() {
        return position;
    }
}
