package org.thatdam.media.capture;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.model.DamException;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveFormat;
import org.thatdam.model.LiveSettings;

/**
 * The built-in test source: ffmpeg's moving test card with the wall-clock time of each frame burnt in
 * as HH:MM:SS:FF (seven-segment digits made of drawbox rectangles, since the bundled ffmpeg has no
 * drawtext), and a quiet 1 kHz tone with a louder beep at the start of every second. Both run at real
 * time ({@code realtime}/{@code arealtime}), so it behaves like a camera: frames arrive when they
 * happen, at one of a few sizes and rates like a device's formats.
 */
public final class TestPattern {

    public static final int DEFAULT_WIDTH = 1280;
    public static final int DEFAULT_HEIGHT = 720;
    public static final FrameRate DEFAULT_RATE = new FrameRate(25, 1);
    /** What the test source offers, like a device's list of formats. */
    public static final List<LiveFormat> FORMATS = formats();

    /** Segments a..g of each digit 0..9 (a top, b top right, c bottom right, d bottom, e bottom left, f top left, g middle). */
    private static final String[] LIT = {
        "abcdef", "bc", "abdeg", "abcdg", "bcfg", "acdfg", "acdefg", "abc", "abcdefg", "abcdfg"};

    private TestPattern() {}

    private static List<LiveFormat> formats() {
        List<FrameRate> rates = List.of(new FrameRate(25, 1), FrameRate.NTSC, new FrameRate(50, 1));
        return List.of(new LiveFormat("yuv420p", 640, 360, rates), new LiveFormat("yuv420p", 1280, 720, rates),
                new LiveFormat("yuv420p", 1920, 1080, rates));
    }

    /** The size and rate the settings choose, checked against {@link #FORMATS}. */
    public static RawFormat format(LiveSettings s) {
        LiveSettings settings = s == null ? LiveSettings.DEFAULT : s;
        int w = settings.width() == null ? DEFAULT_WIDTH : settings.width();
        int h = settings.height() == null ? DEFAULT_HEIGHT : settings.height();
        FrameRate r = settings.rate() == null ? DEFAULT_RATE : settings.rate();
        if (settings.format() != null && !settings.format().equals("yuv420p")) {
            throw DamException.invalid("the test source offers only the format yuv420p, not " + settings.format());
        }
        for (LiveFormat f : FORMATS) {
            if (f.width() == w && f.height() == h && f.rates().contains(r)) return new RawFormat(w, h, r, true);
        }
        throw DamException.invalid("the test source offers 640x360, 1280x720 and 1920x1080 at 25, 30000/1001 or 50"
                + " frames a second, not " + w + "x" + h + " at " + r);
    }

    /** The ffmpeg inputs: #0 the picture, #1 the sound. */
    public static List<String> inputArgs(LiveSettings settings, Instant start, ZoneId zone) {
        RawFormat f = format(settings);
        return List.of("-f", "lavfi", "-i", videoGraph(f.width(), f.height(), f.rate(), start, zone),
                "-f", "lavfi", "-i", audioGraph(start, zone));
    }

    /** Seconds since local midnight at {@code start}, with its fraction. */
    static double secondsOfDay(Instant start, ZoneId zone) {
        return LocalTime.ofInstant(start, zone).toNanoOfDay() / 1e9;
    }

    /** The picture: test card, clock, real time. Every number is written by us: nothing here comes from a user. */
    public static String videoGraph(int w, int h, FrameRate rate, Instant start, ZoneId zone) {
        String now = "(" + FfmpegArgs.num(secondsOfDay(start, zone)) + "+t)";
        int nominal = rate.nominal();
        String hours = "mod(floor(" + now + "/3600),24)";
        String minutes = "mod(floor(" + now + "/60),60)";
        String seconds = "mod(floor(" + now + "),60)";
        String frames = "floor(mod(" + now + ",1)*" + nominal + ")";
        String[] digits = {
            "floor(" + hours + "/10)", "mod(" + hours + ",10)", "floor(" + minutes + "/10)", "mod(" + minutes + ",10)",
            "floor(" + seconds + "/10)", "mod(" + seconds + ",10)", "floor(" + frames + "/10)", "mod(" + frames + ",10)"};
        int dh = Math.max(12, h / 12 / 2 * 2);
        int dw = dh / 2;
        int t = Math.max(2, dh / 9);
        int gap = Math.max(3, dw / 3);
        int colon = t + gap; // the dots, then the same gap as between digits
        int x0 = Math.max(8, w / 24);
        int y0 = h - dh - Math.max(8, h / 16);
        int totalW = 8 * dw + 7 * gap + 3 * colon;
        StringBuilder g = new StringBuilder();
        g.append("testsrc2=size=").append(w).append('x').append(h).append(":rate=").append(rate.num()).append('/')
                .append(rate.den()).append(",format=yuv420p");
        box(g, x0 - gap, y0 - gap, totalW + 2 * gap, dh + 2 * gap, "black", null);
        int x = x0;
        for (int i = 0; i < 8; i++) {
            for (char seg = 'a'; seg <= 'g'; seg++) {
                int[] r = segment(seg, x, y0, dw, dh, t);
                box(g, r[0], r[1], r[2], r[3], "white", litWhen(digits[i], seg));
            }
            x += dw + gap;
            if (i % 2 == 1 && i < 7) {
                box(g, x, y0 + dh / 3 - t / 2, t, t, "white", null);
                box(g, x, y0 + 2 * dh / 3 - t / 2, t, t, "white", null);
                x += colon;
            }
        }
        g.append(",realtime");
        return g.toString();
    }

    /** The sound: 1 kHz, quiet, with a beep of 0.1 s at the start of every wall-clock second. */
    public static String audioGraph(Instant start, ZoneId zone) {
        double s = secondsOfDay(start, zone);
        String frac = FfmpegArgs.num(s - Math.floor(s));
        return "sine=frequency=1000:sample_rate=48000:samples_per_frame=480,"
                + "volume=volume='if(lt(mod(" + frac + "+t,1),0.1),0.5,0.03)':eval=frame,"
                + "aformat=sample_fmts=s16:channel_layouts=stereo,arealtime";
    }

    private static void box(StringBuilder g, int x, int y, int w, int h, String color, String enable) {
        g.append(",drawbox=x=").append(x).append(":y=").append(y).append(":w=").append(w).append(":h=").append(h)
                .append(":color=").append(color).append(":t=fill");
        if (enable != null) g.append(":enable='").append(enable).append('\'');
    }

    /** An expression true when {@code digit}'s value lights {@code seg}. */
    static String litWhen(String digit, char seg) {
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (int d = 0; d <= 9; d++) {
            (LIT[d].indexOf(seg) >= 0 ? on : off).add("eq(" + digit + "," + d + ")");
        }
        // the shorter of the two forms: fewer evaluations per frame
        return on.size() <= off.size() ? String.join("+", on) : "not(" + String.join("+", off) + ")";
    }

    private static int[] segment(char seg, int x, int y, int dw, int dh, int t) {
        int half = dh / 2;
        return switch (seg) {
            case 'a' -> new int[] {x, y, dw, t};
            case 'b' -> new int[] {x + dw - t, y, t, half};
            case 'c' -> new int[] {x + dw - t, y + half, t, dh - half};
            case 'd' -> new int[] {x, y + dh - t, dw, t};
            case 'e' -> new int[] {x, y + half, t, dh - half};
            case 'f' -> new int[] {x, y, t, half};
            case 'g' -> new int[] {x, y + half - t / 2, dw, t};
            default -> throw new IllegalArgumentException("segment " + seg);
        };
    }
}
