package org.thatdam.search;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * Another SearchIndex (in this or another process) has the index directory open for writing.
 * Deliberately <em>not</em> a {@link SearchIndexException}: the index is fine and must not be deleted.
 */
public class SearchIndexLockedException extends DamException {

    public SearchIndexLockedException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }
}
