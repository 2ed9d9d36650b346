package org.thatdam.model;

import java.util.Locale;

/**
 * Where a recorded take is: being written, finalised, stopped early because the disk was nearly full,
 * failed, or found after a crash and catalogued from what was written.
 */
public enum TakeState {
    RECORDING, FINISHED, STOPPED_DISK_FULL, FAILED, RECOVERED;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The state stored under {@code id}; an unknown one is a catalog written by a newer version. */
    public static TakeState parse(String id) {
        for (TakeState s : values()) if (s.id().equals(id)) return s;
        throw new IllegalArgumentException("unknown take state " + id);
    }
}
