package org.thatdam.model;

import java.util.Locale;

public enum AssetStatus {
    /** Probed successfully and at least one location exists. */
    OK,
    /** The file could not be read as media; {@code error} says why. */
    FAILED,
    /** No location of the asset exists on disk any more. */
    MISSING;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AssetStatus parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DamException.invalid("unknown status '" + s + "' (expected ok, failed or missing)");
        }
    }
}
