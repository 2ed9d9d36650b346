package org.thatdam.media.scenes;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a scene into beats of about {@value #TARGET_SEC} s, never longer than {@value #MAX_SEC} s: a scene up to
 * 6 s is one beat; a longer one is cut into equal parts, and each inner boundary moves (by at most
 * {@value #SNAP_SEC} s) to the sample where the picture changes most, when that change is notable (someone moves in,
 * the camera starts to pan), so that beats follow the action rather than the clock.
 */
final class BeatPlanner {

    static final double TARGET_SEC = 4;
    static final double MAX_SEC = 8;
    static final double SNAP_SEC = 1;
    /** Thumbnail change (0..255) between neighbouring samples that counts as a change of action. */
    static final double NOTABLE_CHANGE = 4;
    /** Beats per video at most (scenes are capped at half of it: every scene has at least one beat). */
    static final int MAX_BEATS = 2 * CutFinder.MAX_SCENES;

    /** A beat's span. */
    record Span(double start, double end) {}

    private BeatPlanner() {}

    static List<Span> beats(double start, double end, List<Sample> samples) {
        return beats(start, end, samples, TARGET_SEC);
    }

    /**
     * Beats of about {@code targetSec} (at least {@value #TARGET_SEC}) s, never longer than twice that: long videos
     * get longer beats so that their number stays bounded (see {@link #targetSec}).
     */
    static List<Span> beats(double start, double end, List<Sample> samples, double targetSec) {
        double target = Math.max(TARGET_SEC, targetSec);
        double max = MAX_SEC * target / TARGET_SEC;
        double length = end - start;
        int n = Math.max(1, (int) Math.round(length / target));
        while (length / n > max - 2 * SNAP_SEC) { // room for both ends to snap
            n++;
        }
        List<Double> bounds = new ArrayList<>();
        bounds.add(start);
        for (int k = 1; k < n; k++) {
            double ideal = start + k * length / n;
            double lo = Math.max(ideal - SNAP_SEC, bounds.get(bounds.size() - 1) + SNAP_SEC);
            bounds.add(snap(ideal, lo, ideal + SNAP_SEC, samples));
        }
        bounds.add(end);
        List<Span> out = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            out.add(new Span(bounds.get(i), bounds.get(i + 1)));
        }
        return out;
    }

    /**
     * The beat length that keeps a video of {@code durationSec} with {@code scenes} scenes within {@value #MAX_BEATS}
     * beats: each scene has at most 1 + its length / target beats.
     */
    static double targetSec(double durationSec, int scenes) {
        return Math.max(TARGET_SEC, durationSec / Math.max(1, MAX_BEATS - scenes));
    }

    /** The time in [lo, hi] where the picture changes most from the sample before, or {@code ideal}. */
    private static double snap(double ideal, double lo, double hi, List<Sample> samples) {
        double best = ideal, bestChange = NOTABLE_CHANGE;
        for (int i = Math.max(1, CutFinder.firstAtOrAfter(samples, lo)); i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (s.t() > hi) {
                break;
            }
            double change = Pictures.distance(samples.get(i - 1).thumb(), s.thumb());
            if (change > bestChange) {
                bestChange = change;
                best = s.t();
            }
        }
        return best;
    }
}
