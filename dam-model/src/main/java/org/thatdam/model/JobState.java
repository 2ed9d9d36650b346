package org.thatdam.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum JobState {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    public static JobState parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DamException.invalid("unknown job state '" + s + "' (expected queued, running, done, failed or cancelled)");
        }
    }
}
