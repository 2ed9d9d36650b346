package org.thatdam.core.library;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** A folder that may not become a library root, with the reason (see {@link RootRules}). */
public final class RootRefusedException extends DamException {
    public RootRefusedException(String reason) {
        super(ErrorCode.INVALID, reason);
    }
}
