package org.thatdam.media.motion;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link MotionAnalysis} into segments with motion. Pure.
 *
 * <ol>
 *   <li>Hysteresis: a segment starts at a sample scoring at least the enter threshold and goes on
 *       while samples score at least the (lower) stay threshold, so a score wavering around one
 *       threshold does not chop a movement into pieces.</li>
 *   <li>Segments less than {@value #MERGE_GAP_SEC} s apart are merged (a pause in a gesture).</li>
 *   <li>Segments shorter than {@link MotionOptions#minSegmentSec()} are dropped.</li>
 * </ol>
 * A sample measures the change since the previous one, so a segment starts one sample before its
 * first moving sample and ends at its last one.
 */
public final class MotionSegmenter {

    static final double MERGE_GAP_SEC = 0.7;

    private MotionSegmenter() {}

    public static List<MotionSegment> segments(MotionAnalysis a, MotionOptions o) {
        float[] s = a.scores();
        double enter = o.enterThreshold();
        double stay = o.stayThreshold();
        // runs of samples [first, last] by hysteresis
        List<int[]> runs = new ArrayList<>();
        int first = -1, last = -1;
        for (int i = 0; i < s.length; i++) {
            if (first < 0) {
                if (s[i] >= enter) {
                    first = last = i;
                }
            } else if (s[i] >= stay) {
                last = i;
            } else {
                runs.add(new int[] {first, last});
                first = -1;
            }
        }
        if (first >= 0) {
            runs.add(new int[] {first, last});
        }
        // merge short gaps
        List<int[]> merged = new ArrayList<>();
        for (int[] r : runs) {
            int[] prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (prev != null && a.timeOf(r[0] - 1) - a.timeOf(prev[1]) < MERGE_GAP_SEC) {
                prev[1] = r[1];
            } else {
                merged.add(r);
            }
        }
        List<MotionSegment> out = new ArrayList<>();
        for (int[] r : merged) {
            double start = a.timeOf(Math.max(0, r[0] - 1));
            double end = a.timeOf(r[1]);
            if (end - start + 1e-9 < o.minSegmentSec()) {
                continue;
            }
            int peak = r[0];
            for (int i = r[0]; i <= r[1]; i++) {
                if (s[i] > s[peak]) {
                    peak = i;
                }
            }
            out.add(new MotionSegment(start, end, s[peak], a.timeOf(peak)));
        }
        return out;
    }
}
