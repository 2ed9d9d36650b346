package org.thatdam.model;

import java.util.Locale;

public enum AssetKind {
    VIDEO, AUDIO, IMAGE, OTHER;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AssetKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DamException.invalid("unknown kind '" + s + "' (expected video, audio, image or other)");
        }
    }
}
