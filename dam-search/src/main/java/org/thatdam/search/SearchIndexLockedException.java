package org.thatdam.search;

/**
 * Another SearchIndex (in this or another process) has the index directory open for writing.
 * Deliberately <em>not</em> a {@link SearchIndexException}: the index is fine and must not be deleted.
 */
public class SearchIndexLockedException extends RuntimeException {

    public SearchIndexLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
