package org.thatdam.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A colour label on an asset: the five colours Bridge, Lightroom and darktable share (and XMP
 * {@code xmp:Label} carries as "Red" … "Purple"), so labels travel with the files.
 */
public enum ColourLabel {
    RED, YELLOW, GREEN, BLUE, PURPLE;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The XMP spelling ("Red"). */
    public String xmpName() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    /** "red, yellow, green, blue or purple": the allowed values, for error messages. */
    public static String allowed() {
        String all = Arrays.stream(values()).map(ColourLabel::id).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    public static ColourLabel parse(String s) {
        if (s != null) {
            String v = s.strip().toUpperCase(Locale.ROOT);
            for (ColourLabel l : values()) if (l.name().equals(v)) return l;
        }
        throw DamException.invalid("unknown colour label '" + s + "' (expected " + allowed() + ")");
    }

    /** For rows written by us; null stays null. */
    public static ColourLabel parseOrNull(String s) {
        return s == null ? null : parse(s);
    }
}
