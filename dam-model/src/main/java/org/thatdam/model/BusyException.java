package org.thatdam.model;

import java.time.Duration;
import java.util.Objects;

/** The server is too busy for this now; {@link #retryAfter} says when to try again (the API sends it as {@code Retry-After}). */
public final class BusyException extends DamException {

    private final Duration retryAfter;

    public BusyException(String message, Duration retryAfter) {
        super(ErrorCode.UNAVAILABLE, message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
