package org.thatdam.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SMPTE timecode label {@code HH:MM:SS:FF}, or {@code HH:MM:SS;FF} when drop-frame (29.97 and
 * 59.94: frame labels 0 and 1 — 0 to 3 at 59.94 — are skipped at the start of every minute but
 * every tenth, so the label follows the wall clock).
 */
public record Timecode(int hours, int minutes, int seconds, int frames, boolean dropFrame) {

    private static final Pattern FORM = Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2})([:;.,])(\\d{2,3})");

    public Timecode {
        if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59 || frames < 0) {
            throw DamException.invalid("timecode " + label(hours, minutes, seconds, frames, dropFrame)
                    + " is out of range (HH 00-23, MM and SS 00-59)");
        }
    }

    /** {@code "10:00:00:00"} or {@code "10:00:00;00"} (a {@code ;}, {@code .} or {@code ,} = drop-frame). */
    @JsonCreator
    public static Timecode parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw DamException.invalid("'" + text + "' is not a timecode (HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame)");
        }
        return new Timecode(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(5)), !m.group(4).equals(":"));
    }

    /** The label a clock synchronised to the wall clock shows at {@code at} (local time of day in {@code zone}). */
    public static Timecode fromWallClock(Instant at, ZoneId zone, FrameRate rate) {
        LocalTime t = at.atZone(zone).toLocalTime();
        // Real elapsed time since midnight, as the frames a camera at this rate has shown since then.
        long nanos = t.toNanoOfDay();
        long frames = Math.floorDiv(nanos * rate.num(), 1_000_000_000L * rate.den());
        if (!rate.dropFrame()) {
            // A non-drop clock counts nominal frames per second against real seconds.
            long secs = nanos / 1_000_000_000L;
            long ff = (nanos % 1_000_000_000L) * rate.nominal() / 1_000_000_000L;
            return fromFrameCount(secs * rate.nominal() + ff, rate);
        }
        return fromFrameCount(frames, rate);
    }

    /** The label of frame {@code count} (0 = 00:00:00:00) at {@code rate}, wrapping at 24 hours. */
    public static Timecode fromFrameCount(long count, FrameRate rate) {
        int fps = rate.nominal();
        boolean df = rate.dropFrame();
        long perDay = framesPerDay(rate);
        long n = Math.floorMod(count, perDay);
        if (df) {
            int drop = fps / 15; // 2 at 29.97, 4 at 59.94
            long per10 = 10L * 60 * fps - 9L * drop;
            long perMinute = 60L * fps - drop;
            long tens = n / per10;
            long rest = n % per10;
            n += 9L * drop * tens + (rest > drop ? drop * ((rest - drop) / perMinute) : 0);
        }
        int ff = (int) (n % fps);
        long s = n / fps;
        return new Timecode((int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60), ff, df);
    }

    /** The frame number of this label at {@code rate} (the inverse of {@link #fromFrameCount}). */
    public long toFrameCount(FrameRate rate) {
        int fps = rate.nominal();
        if (frames >= fps) throw DamException.invalid("timecode " + this + " has more frames than " + fps + " per second");
        long total = ((hours * 60L + minutes) * 60 + seconds) * fps + frames;
        if (dropFrame && rate.dropFrame()) {
            int drop = fps / 15;
            long mins = hours * 60L + minutes;
            if (seconds == 0 && minutes % 10 != 0 && frames < drop) {
                throw DamException.invalid("timecode " + this + " does not exist in drop-frame (frames 00-"
                        + String.format("%02d", drop - 1) + " are skipped at that minute)");
            }
            total -= drop * (mins - mins / 10);
        }
        return total;
    }

    public Timecode plusFrames(long n, FrameRate rate) {
        return fromFrameCount(toFrameCount(rate) + n, rate);
    }

    private static long framesPerDay(FrameRate rate) {
        int fps = rate.nominal();
        if (!rate.dropFrame()) return 24L * 3600 * fps;
        int drop = fps / 15;
        return 24L * 6 * (10L * 60 * fps - 9L * drop);
    }

    @JsonValue
    @Override
    public String toString() {
        return label(hours, minutes, seconds, frames, dropFrame);
    }

    private static String label(int h, int m, int s, int f, boolean df) {
        return String.format("%02d:%02d:%02d%s%02d", h, m, s, df ? ";" : ":", f);
    }
}
