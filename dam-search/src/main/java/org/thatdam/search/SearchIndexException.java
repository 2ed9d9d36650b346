package org.thatdam.search;

/**
 * The index on disk cannot be used (corrupt, unreadable, not an index, or written by an
 * incompatible schema version). The index is only a projection of the catalog: delete the
 * directory and rebuild it.
 */
public class SearchIndexException extends RuntimeException {

    public SearchIndexException(String message, Throwable cause) {
        super(message, cause);
    }

    public SearchIndexException(String message) {
        super(message);
    }
}
