package org.thatdam.core.library;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** What was asked for cannot be done to a thing in its current state (e.g. a poster of a file that failed to probe). */
public class WrongStateException extends DamException {
    public WrongStateException(String message) {
        super(ErrorCode.CONFLICT, message);
    }
}
