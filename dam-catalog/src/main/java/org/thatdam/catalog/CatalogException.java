package org.thatdam.catalog;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** The catalog could not be opened, read or written; the message says what and where. */
public class CatalogException extends DamException {
    public CatalogException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }

    public CatalogException(String message) {
        super(ErrorCode.UNAVAILABLE, message);
    }
}
