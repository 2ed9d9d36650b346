package org.thatdam.media.derive;

import java.util.function.Consumer;

/**
 * Turns the {@code key=value} lines of ffmpeg's {@code -progress pipe:1} into fractions of a known
 * duration for a {@link ProgressListener}.
 *
 * <p>The position is read from {@code out_time_us}, {@code out_time_ms} (which ffmpeg, for
 * historical reasons, also reports in microseconds) and {@code out_time} ({@code HH:MM:SS.micro});
 * {@code progress=end} means 1. Values that are {@code N/A}, negative (ffmpeg reports a negative
 * time before the first frame of some inputs), not numbers, or beyond the duration are ignored or
 * clamped (to 0.99 at most: only {@code progress=end} reports 1); fractions never go down, and a fraction is only reported when it grew. Without a usable
 * duration only the end (1.0) is reported. Thread-safe: ffmpeg's output is read on another thread.
 */
public final class FfmpegProgress implements Consumer<String> {

    /** Smaller steps than this are not worth a listener call (except the final 1.0). */
    private static final double MIN_STEP = 0.001;
    /** The most a position can report; only {@code progress=end} says 1. */
    static final double BEFORE_END = 0.99;

    private final double durationSec;
    private final ProgressListener listener;
    private double last = -1;
    private boolean ended;

    public FfmpegProgress(double durationSec, ProgressListener listener) {
        this.durationSec = Double.isFinite(durationSec) && durationSec > 0 ? durationSec : 0;
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    @Override
    public void accept(String line) {
        if (line == null) {
            return;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        switch (key) {
            case "progress" -> {
                if (value.equals("end")) {
                    finish();
                }
            }
            case "out_time_us", "out_time_ms" -> position(micros(value));
            case "out_time" -> position(clock(value));
            default -> { /* frame=, fps=, bitrate=, speed=…: not needed */ }
        }
    }

    /** The last fraction reported, or -1 before the first. */
    public synchronized double fraction() {
        return last;
    }

    private void position(double seconds) {
        if (durationSec == 0 || !Double.isFinite(seconds) || seconds < 0) {
            return;
        }
        // 1.0 is kept for the end: a stream longer than the probed duration must not claim it early.
        report(Math.min(BEFORE_END, seconds / durationSec), false);
    }

    private void finish() {
        report(1.0, true);
    }

    private void report(double f, boolean end) {
        synchronized (this) {
            if (ended || f <= last || (!end && last >= 0 && f - last < MIN_STEP)) {
                return;
            }
            last = f;
            if (end) {
                ended = true;
            }
        }
        listener.progress(f);
    }

    /** Microseconds as seconds; NaN when not a plain integer. */
    static double micros(String v) {
        try {
            return Long.parseLong(v) / 1_000_000.0;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {@code [-]HH:MM:SS[.frac]} as seconds; NaN when it is anything else. */
    static double clock(String v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        boolean negative = v.startsWith("-");
        String[] parts = (negative ? v.substring(1) : v).split(":");
        if (parts.length != 3) {
            return Double.NaN;
        }
        try {
            long h = Long.parseLong(parts[0]);
            long m = Long.parseLong(parts[1]);
            if (!parts[2].matches("\\d+(\\.\\d*)?")) {
                return Double.NaN;
            }
            double s = Double.parseDouble(parts[2]);
            if (h < 0 || m < 0 || m >= 60 || s >= 60) {
                return Double.NaN;
            }
            double t = h * 3600.0 + m * 60.0 + s;
            return negative ? -t : t;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
