package org.thatdam.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a user (or an API key, or a share link) may do, each role including the ones below it:
 * a viewer browses, searches, plays and downloads derivatives; an editor also edits metadata,
 * runs processing, uploads and scans inside roots; an admin also manages users, settings and roots.
 */
public enum Role {
    VIEWER("viewer"),
    EDITOR("editor"),
    ADMIN("admin");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** Whether this role may do what {@code needed} may. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.id.equals(s == null ? "" : s.strip().toLowerCase(Locale.ROOT))) return r;
        }
        throw DamException.invalid("unknown role '" + s + "' (expected viewer, editor or admin)");
    }
}
