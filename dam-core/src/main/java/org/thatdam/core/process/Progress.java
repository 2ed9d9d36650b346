package org.thatdam.core.process;

import org.thatdam.media.derive.ProgressListener;

/** Progress of a run made of steps, each moving the whole by its share of the estimated cost. */
final class Progress {

    /**
     * What each step of a processing run costs, per second of media it goes through (or per still),
     * relative to one another: the motion analysis decodes key and predicted pictures only, small and
     * in parallel, while a cut decodes everything and encodes H.264, several times slower per second
     * (measured with the bundled ffmpeg on 640x360 H.264: analysis 0.02 s, cut 0.12 s per media
     * second, one still 0.1 s). A step's share of the bar is its share of these costs, so the bar
     * moves at about the same pace throughout instead of rushing through the cheap step.
     */
    static final double ANALYSIS_PER_SEC = 1;
    static final double CUT_PER_SEC = 7;
    static final double STILL = 5;

    private final ProgressListener whole;
    private double reached;

    private Progress(ProgressListener whole) {
        this.whole = whole == null ? ProgressListener.NONE : whole;
    }

    /** A run of steps reported to {@code whole}: start each with {@link #step}. */
    static Progress steps(ProgressListener whole) {
        return new Progress(whole);
    }

    /**
     * The listener of the next step, costing {@code cost} with {@code rest} still to come after it
     * (the best estimate now; a later step may be re-estimated when it starts). The step moves the
     * whole from where it stands by its share of what is left, so the whole never goes back, and a
     * step that turns out cheaper than estimated only makes it jump forward.
     */
    ProgressListener step(double cost, double rest) {
        double from;
        synchronized (this) {
            from = reached;
        }
        double share = cost <= 0 ? 0 : rest <= 0 ? 1 : cost / (cost + rest);
        double to = from + (1 - from) * share;
        return f -> report(from + (to - from) * Math.max(0, Math.min(1, f)));
    }

    private synchronized void report(double p) {
        if (p <= reached) return;
        reached = p;
        whole.progress(p);
    }
}
