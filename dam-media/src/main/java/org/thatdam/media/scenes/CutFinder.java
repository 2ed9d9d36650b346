package org.thatdam.media.scenes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the real shot boundaries among ffmpeg's per-frame scene scores ({@code scdet}: the change from the previous
 * frame, minus the change the frame before saw, in percent).
 *
 * <ul>
 *   <li>A frame whose score reaches {@value #CUT_SCORE} is a candidate. A fade or a dissolve changes every frame a
 *       little and about as much as the frame before, so its scores stay low: it is never a candidate.</li>
 *   <li>A flash (a few white frames, a single inserted frame, a strobe) changes the picture twice within a moment
 *       and comes back to the same shot: a candidate is dropped when some sample within {@value #FLASH_SEC} s before
 *       it and some sample within {@value #FLASH_SEC} s after it show the same picture.</li>
 *   <li>Shots shorter than {@value #MIN_SHOT_SEC} s are merged: of two candidates closer than that, the stronger
 *       one stays.</li>
 *   <li>A video has at most one scene per {@value #SEC_PER_SCENE} s on average and never more than
 *       {@value #MAX_SCENES}: past that, the weakest cuts are dropped (their shots merge), the strongest kept, so
 *       a clip that jumps constantly does not store thousands of scenes and keyframes.</li>
 * </ul>
 */
final class CutFinder {

    /** scdet score (percent) from which a frame may start a new shot. */
    static final double CUT_SCORE = 12;
    static final double FLASH_SEC = 0.4;
    /** Thumbnail distance (0..255) under which two pictures are the same shot. */
    static final double SAME_PICTURE = 10;
    static final double MIN_SHOT_SEC = 0.5;
    /** Times of one frame read from two ffmpeg runs (a seek's rounding) agree to within this. */
    static final double SAME_TIME = 0.005;
    static final double SEC_PER_SCENE = 2;
    static final int MAX_SCENES = 2000;

    /** One decoded frame's scene score. */
    record Score(double t, double score) {}

    /** A shot boundary: the first frame of the new shot, and its score (0..1). */
    record Cut(double t, double score) {}

    private CutFinder() {}

    static List<Cut> cuts(List<Score> scores, List<Sample> samples) {
        List<Cut> out = new ArrayList<>();
        for (int i = 1; i < scores.size(); i++) {
            Score s = scores.get(i);
            if (s.score() < CUT_SCORE || isFlash(s.t(), samples)) {
                continue;
            }
            Cut cut = new Cut(s.t(), Math.min(1, s.score() / 100));
            if (!out.isEmpty() && cut.t() - out.get(out.size() - 1).t() < MIN_SHOT_SEC) {
                if (cut.score() > out.get(out.size() - 1).score()) {
                    out.set(out.size() - 1, cut);
                }
                continue;
            }
            if (cut.t() >= MIN_SHOT_SEC) {
                out.add(cut);
            }
        }
        return out;
    }

    /** The most scenes a video of this length gets (at least one). */
    static int maxScenes(double durationSec) {
        return (int) Math.max(1, Math.min(MAX_SCENES, Math.floor(durationSec / SEC_PER_SCENE)));
    }

    /** The strongest {@code maxScenes - 1} cuts (the earlier of equal ones), in time order. */
    static List<Cut> cap(List<Cut> cuts, int maxScenes) {
        int keep = Math.max(0, maxScenes - 1);
        if (cuts.size() <= keep) {
            return cuts;
        }
        List<Cut> strongest = new ArrayList<>(cuts);
        strongest.sort(Comparator.comparingDouble(Cut::score).reversed().thenComparingDouble(Cut::t));
        List<Cut> out = new ArrayList<>(strongest.subList(0, keep));
        out.sort(Comparator.comparingDouble(Cut::t));
        return out;
    }

    /** Whether the picture before {@code t} comes back shortly after it. */
    static boolean isFlash(double t, List<Sample> samples) {
        int first = firstAtOrAfter(samples, t - FLASH_SEC);
        for (int a = first; a < samples.size() && samples.get(a).t() < t - SAME_TIME; a++) {
            for (int b = a + 1; b < samples.size() && samples.get(b).t() <= t + FLASH_SEC; b++) {
                if (samples.get(b).t() >= t - SAME_TIME
                        && Pictures.distance(samples.get(a).thumb(), samples.get(b).thumb()) < SAME_PICTURE) {
                    return true;
                }
            }
        }
        return false;
    }

    static int firstAtOrAfter(List<Sample> samples, double t) {
        int lo = 0, hi = samples.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (samples.get(mid).t() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
