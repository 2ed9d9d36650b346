package org.thatdam.cli.format;

import java.util.Locale;

/**
 * How the command line and the terminal UI write sizes, durations, rates and dimensions, and how
 * they keep names from driving the terminal.
 */
public final class Units {

    private Units() {}

    /** Control characters in file names must not drive the terminal. */
    public static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) b.append('?');
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }

    // The dashboard's lib/dom.js fmtBytes and fmtDuration say the same (FormatsUiTest compares them).

    /** Decimal units, as disks and the dashboard count: 999 B, 1.2 kB, 345 MB, 1.5 GB (rounded before the unit is chosen). */
    public static String bytes(Long b) {
        if (b == null) return "";
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double v = b;
        int u = 0;
        while (Math.round(v) >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        long tenths = Math.round(v * 10);
        return (u == 0 || tenths >= 1000 ? String.valueOf(Math.round(v)) : tenths / 10 + "." + tenths % 10) + " " + units[u];
    }

    /**
     * The player's clock, to the tenth: 0:05.3, 1:19.5, 1:02:05.0; under a tenth in hundredths
     * (0:00.04 rather than zero). Rounded first, so 59.96 reads 1:00.0.
     */
    public static String duration(Double sec) {
        if (sec == null || sec.isNaN() || sec.isInfinite()) return "";
        long t = Math.max(0, Math.round(sec * 10));
        if (sec > 0 && t == 0) return String.format(Locale.ROOT, "0:00.%02d", Math.max(1, Math.round(sec * 100)));
        long h = t / 36000, m = t % 36000 / 600, s = t % 600 / 10;
        return (h > 0 ? String.format(Locale.ROOT, "%d:%02d", h, m) : String.valueOf(m))
                + String.format(Locale.ROOT, ":%02d.%d", s, t % 10);
    }

    /** A span of work, as the dashboard says it: 4.2 s, 45 s, 12 min, 2 h 5 min (rounded before the unit is chosen). */
    public static String longDuration(double sec) {
        long tenths = Math.round(sec * 10);
        if (tenths <= 0) return "0 s";
        if (tenths < 100) return tenths / 10 + "." + tenths % 10 + " s";
        long s = Math.round(sec);
        if (s < 60) return s + " s";
        long min = Math.round(sec / 60);
        return min >= 60 ? min / 60 + " h " + min % 60 + " min" : min + " min";
    }

    /** Bits per second as the dashboard writes them: 0.4 Mb/s from a megabit on, else 350 kb/s. */
    public static String bitRate(long b) {
        if (b <= 0) return "";
        return b >= 1_000_000 ? String.format(Locale.ROOT, "%.1f Mb/s", b / 1e6) : Math.round(b / 1e3) + " kb/s";
    }

    public static String dims(Integer w, Integer h) {
        return w == null || h == null ? "" : w + "x" + h;
    }
}
