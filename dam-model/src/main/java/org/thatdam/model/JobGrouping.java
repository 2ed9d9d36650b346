package org.thatdam.model;

import java.util.Locale;

/** How jobs are grouped for people: by the asset they work on, or by their kind. */
public enum JobGrouping {
    ASSET, KIND;

    /** Its name in the API and the dashboard: "asset", "kind". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobGrouping parse(String s) {
        for (JobGrouping g : values()) {
            if (g.id().equals(s.strip().toLowerCase(Locale.ROOT))) return g;
        }
        throw DamException.invalid("cannot group jobs by '" + s + "' (expected asset or kind)");
    }
}
