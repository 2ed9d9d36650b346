package org.thatdam.core.jobs;

import java.util.Locale;

/** Every kind of background job. Lower priority numbers run first: posters before sprites before proxies. */
public enum JobKind {
    POSTER("poster", 10, 3),
    SPRITE("sprite", 20, 3),
    PROXY("proxy", 30, 3),
    FULL_HASH("full-hash", 40, 3);

    private final String id;
    private final int priority;
    private final int maxAttempts;

    JobKind(String id, int priority, int maxAttempts) {
        this.id = id;
        this.priority = priority;
        this.maxAttempts = maxAttempts;
    }

    public String id() { return id; }
    public int priority() { return priority; }
    public int maxAttempts() { return maxAttempts; }

    public static JobKind parse(String s) {
        for (JobKind k : values()) {
            if (k.id.equals(s.strip().toLowerCase(Locale.ROOT))) return k;
        }
        throw new IllegalArgumentException("unknown job kind '" + s + "'");
    }
}
