package org.thatdam.model;

import java.time.Duration;
import java.util.Objects;

/** Too many attempts: {@link #retryAfter} says when the next one is listened to (the API sends it as {@code Retry-After}). */
public final class RateLimitedException extends DamException {

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
