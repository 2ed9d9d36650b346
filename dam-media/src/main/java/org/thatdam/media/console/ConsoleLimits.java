package org.thatdam.media.console;

import java.time.Duration;

/** How long a console run may take and how many bytes it may write in total. */
public record ConsoleLimits(Duration maxTime, long maxOutputBytes) {

    public ConsoleLimits {
        if (maxTime == null || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("maxTime must be positive: " + maxTime);
        }
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes must be positive: " + maxOutputBytes);
        }
    }

    /** 30 minutes, 2 GiB. */
    public static ConsoleLimits defaults() {
        return new ConsoleLimits(Duration.ofMinutes(30), 2L * 1024 * 1024 * 1024);
    }
}
