package org.thatdam.core.library;

/** A thing the user named (asset id or path, batch, root) is not in the catalog. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
