package org.thatdam.core.library;

/** A folder that may not become a library root, with the reason (see {@link RootRules}). */
public final class RootRefusedException extends IllegalArgumentException {
    public RootRefusedException(String reason) {
        super(reason);
    }
}
