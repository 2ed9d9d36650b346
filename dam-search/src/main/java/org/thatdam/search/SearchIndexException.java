package org.thatdam.search;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * The index on disk cannot be used (corrupt, unreadable, not an index, or written by an
 * incompatible schema version). The index is only a projection of the catalog: delete the
 * directory and rebuild it.
 */
public class SearchIndexException extends DamException {

    public SearchIndexException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }

    public SearchIndexException(String message) {
        super(ErrorCode.UNAVAILABLE, message);
    }
}
