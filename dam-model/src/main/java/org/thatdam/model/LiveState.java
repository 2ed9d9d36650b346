package org.thatdam.model;

import java.util.Locale;

/** Where a live source is: not opened, opening, delivering frames, lost (retrying), or recording. */
public enum LiveState {
    IDLE, STARTING, LIVE, NO_SIGNAL, RECORDING;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
