package org.thatdam.core.jobs;

import java.util.Locale;

/**
 * Every kind of background job. Lower priority numbers run first: what a user asked for and waits on
 * (motion, idle trim, ffmpeg console) before posters, sprites and proxies. Work a user asked for
 * runs once: a failure is reported, not retried behind their back.
 */
public enum JobKind {
    POSTER("poster", 10, 3),
    SPRITE("sprite", 20, 3),
    PROXY("proxy", 30, 3),
    FULL_HASH("full-hash", 40, 3),
    MOTION("motion", 5, 1),
    IDLE_TRIM("trim-idle", 5, 1),
    FFMPEG("ffmpeg", 5, 1);

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

    /** Whether its output is written under the library's home (everything but the full hash, which only reads). */
    public boolean writesFiles() { return this != FULL_HASH; }

    public static JobKind parse(String s) {
        for (JobKind k : values()) {
            if (k.id.equals(s.strip().toLowerCase(Locale.ROOT))) return k;
        }
        throw new IllegalArgumentException("unknown job kind '" + s + "'");
    }
}
