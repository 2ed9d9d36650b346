package org.thatdam.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A video frame rate as an exact fraction ({@code 30000/1001}, not 29.97), so frame counts and
 * timecodes never drift. Written in JSON as {@code "num/den"}.
 */
public record FrameRate(int num, int den) {

    public static final FrameRate NTSC = new FrameRate(30000, 1001);
    public static final FrameRate NTSC_DOUBLE = new FrameRate(60000, 1001);

    public FrameRate {
        if (num <= 0 || den <= 0 || num / den > 1000) {
            throw DamException.invalid("a frame rate must be positive and at most 1000 fps, not " + num + "/" + den);
        }
        int g = gcd(num, den);
        num /= g;
        den /= g;
    }

    /**
     * {@code "30000/1001"}, {@code "25"}, {@code "29.97"} or {@code "59.94"} (the two NTSC rates are
     * taken as their exact fractions; other decimals to the millisecond).
     */
    @JsonCreator
    public static FrameRate parse(String text) {
        if (text == null || text.isBlank()) throw DamException.invalid("a frame rate is needed (e.g. 25, 29.97 or 30000/1001)");
        String s = text.strip();
        try {
            int slash = s.indexOf('/');
            if (slash > 0) return new FrameRate(Integer.parseInt(s.substring(0, slash)), Integer.parseInt(s.substring(slash + 1)));
            if (s.equals("29.97")) return NTSC;
            if (s.equals("59.94")) return NTSC_DOUBLE;
            if (s.equals("23.976") || s.equals("23.98")) return new FrameRate(24000, 1001);
            java.math.BigDecimal d = new java.math.BigDecimal(s);
            if (d.scale() <= 0) return new FrameRate(d.intValueExact(), 1);
            return new FrameRate(d.movePointRight(3).intValue(), 1000);
        } catch (NumberFormatException | ArithmeticException e) {
            throw DamException.invalid("'" + text + "' is not a frame rate (e.g. 25, 29.97 or 30000/1001)");
        }
    }

    public double fps() {
        return (double) num / den;
    }

    /** Nanoseconds between frames. */
    public long frameNanos() {
        return Math.round(1e9 * den / num);
    }

    /** The whole number of frames a timecode counts per second (30 for 29.97). */
    public int nominal() {
        return (int) Math.round(fps());
    }

    /** Whether timecodes at this rate are drop-frame (29.97 and 59.94). */
    public boolean dropFrame() {
        return den == 1001 && (num == 30000 || num == 60000);
    }

    @JsonValue
    @Override
    public String toString() {
        return num + "/" + den;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
