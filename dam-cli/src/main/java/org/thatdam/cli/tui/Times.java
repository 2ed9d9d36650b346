package org.thatdam.cli.tui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Times as every view shows them: in this machine's time zone, as the web dashboard shows them in the browser's. */
final class Times {

    private static final DateTimeFormatter SECONDS = pattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MINUTES = pattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter THIS_YEAR = pattern("MM-dd HH:mm:ss");

    private Times() {}

    private static DateTimeFormatter pattern(String p) {
        return DateTimeFormatter.ofPattern(p, Locale.ROOT).withZone(ZoneId.systemDefault());
    }

    /** "2026-12-02 14:03:07", or "" for no time. */
    static String seconds(@Nullable Instant t) {
        return t == null ? "" : SECONDS.format(t);
    }

    /** "2026-12-02 14:03". */
    static String minutes(@Nullable Instant t) {
        return t == null ? "" : MINUTES.format(t);
    }

    /** "12-02 14:03:07": for lists of recent work, where the year goes without saying. */
    static String recent(@Nullable Instant t) {
        return t == null ? "" : THIS_YEAR.format(t);
    }
}
