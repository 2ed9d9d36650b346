package org.thatdam.catalog;

/** The catalog could not be opened, read or written; the message says what and where. */
public class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    public CatalogException(String message) {
        super(message);
    }
}
