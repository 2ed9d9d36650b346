package org.thatdam.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a job is; {@code SKIPPED} is a job that ended without work because none was needed. */
public enum JobState {
    QUEUED, RUNNING, DONE, SKIPPED, FAILED, CANCELLED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }

    /** Ended well: done, or skipped because its work was not needed. */
    public boolean succeeded() {
        return this == DONE || this == SKIPPED;
    }

    public static JobState parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DamException.invalid("unknown job state '" + s + "' (expected queued, running, done, skipped, failed or cancelled)");
        }
    }
}
