package org.thatdam.core.library;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** A thing the user named (asset id or path, batch, root) is not in the catalog. */
public class NotFoundException extends DamException {
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
