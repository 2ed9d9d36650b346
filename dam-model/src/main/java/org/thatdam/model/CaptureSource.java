package org.thatdam.model;

import java.util.Locale;

/**
 * Where an asset's capture time came from, most trustworthy first: the container's creation time,
 * the photo's EXIF, an embedded XMP packet, a camera-style file name, and last the file's
 * modification time.
 */
public enum CaptureSource {
    QUICKTIME, EXIF, XMP, FILENAME, MTIME;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The source stored under {@code s}, or null for null or an unknown name (an older or newer catalog). */
    public static CaptureSource parseOrNull(String s) {
        if (s == null) return null;
        for (CaptureSource c : values()) {
            if (c.id().equals(s)) return c;
        }
        return null;
    }
}
