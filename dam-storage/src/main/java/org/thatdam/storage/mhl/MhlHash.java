package org.thatdam.storage.mhl;

import java.time.Instant;
import java.util.Objects;

/** One hash of a file as a generation records it; {@code value} is lowercase hex (a C4 id for {@link HashFormat#C4}). */
public record MhlHash(HashFormat format, String value, HashAction action, Instant hashDate) {
    public MhlHash {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(hashDate, "hashDate");
    }
}
