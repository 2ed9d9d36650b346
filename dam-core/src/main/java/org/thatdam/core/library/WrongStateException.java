package org.thatdam.core.library;

/** What was asked for cannot be done to a thing in its current state (e.g. a poster of a file that failed to probe). */
public class WrongStateException extends RuntimeException {
    public WrongStateException(String message) {
        super(message);
    }
}
