package org.thatdam.media.console;

import java.time.Duration;
import org.thatdam.model.DamException;

/**
 * What one console run may use: time, disk (bytes as allocated on disk, see {@link OutputUsage}),
 * number of files written, and resident memory of its process tree.
 */
public record ConsoleLimits(Duration maxTime, long maxOutputBytes, int maxOutputFiles, long maxMemoryBytes) {

    /** 1000 files. */
    public static final int DEFAULT_MAX_OUTPUT_FILES = 1000;
    /** 1 GiB. */
    public static final long DEFAULT_MAX_MEMORY_BYTES = 1024L * 1024 * 1024;

    public ConsoleLimits {
        if (maxTime == null || maxTime.isNegative() || maxTime.isZero()) {
            throw DamException.invalid("maxTime must be positive: " + maxTime);
        }
        if (maxOutputBytes <= 0) {
            throw DamException.invalid("maxOutputBytes must be positive: " + maxOutputBytes);
        }
        if (maxOutputFiles <= 0) {
            throw DamException.invalid("maxOutputFiles must be positive: " + maxOutputFiles);
        }
        if (maxMemoryBytes <= 0) {
            throw DamException.invalid("maxMemoryBytes must be positive: " + maxMemoryBytes);
        }
    }

    /** Time and bytes as given, the default file count and memory. */
    public ConsoleLimits(Duration maxTime, long maxOutputBytes) {
        this(maxTime, maxOutputBytes, DEFAULT_MAX_OUTPUT_FILES, DEFAULT_MAX_MEMORY_BYTES);
    }

    /** 30 minutes, 2 GiB, 1000 files, 1 GiB of memory. */
    public static ConsoleLimits defaults() {
        return new ConsoleLimits(Duration.ofMinutes(30), 2L * 1024 * 1024 * 1024);
    }
}
