package org.thatdam.model;

import java.util.Locale;

/** What a live source is: the built-in test pattern, a device attached to this machine, or a network stream. */
public enum LiveSourceKind {
    TEST, DEVICE, NETWORK;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
