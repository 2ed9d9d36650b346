package org.thatdam.core.process;

import java.util.List;
import org.thatdam.media.motion.MotionSegment;
import org.thatdam.media.motion.PeakFrames;

/**
 * The result of a motion analysis. {@code frames} and {@code clip} name the outputs: derivative
 * kinds for an asset, file paths for a file outside the catalog. The timeline is the motion score
 * (0..1) every {@code stepSec} seconds, at most {@value #TIMELINE_POINTS} points (each the highest
 * score of the samples it covers, so short bursts stay visible).
 */
public record MotionReport(double durationSec, double motionSec, List<MotionSegment> segments, int framesSaved,
                           List<String> frames, String clip, double sensitivity, double minSegmentSec,
                           double analysisSec, Timeline timeline) {

    public static final int TIMELINE_POINTS = 2000;

    public record Timeline(double stepSec, float[] scores) {}

    /** When each of the {@code frames} was taken (seconds), in their order. */
    public List<Double> frameSecs() {
        return PeakFrames.chosen(segments, frames.size()).stream().map(MotionSegment::peakSec).toList();
    }

    /** The same report naming other files (derivative kinds, or where a loose file's results were delivered). */
    public MotionReport withOutputs(List<String> frameNames, String clipName) {
        return new MotionReport(durationSec, motionSec, segments, frameNames.size(), frameNames, clipName, sensitivity,
                minSegmentSec, analysisSec, timeline);
    }
}
