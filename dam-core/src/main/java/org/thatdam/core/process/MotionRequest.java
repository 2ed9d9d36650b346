package org.thatdam.core.process;

import org.thatdam.model.DamException;

import org.thatdam.media.motion.MotionOptions;

/**
 * What a motion analysis is asked for: detection settings, how many peak stills to save and
 * whether to cut a clip of only the moving parts.
 */
public record MotionRequest(double sensitivity, double minSegmentSec, int peakFrames, boolean clip) {

    public static final int MAX_PEAK_FRAMES = 50;

    public MotionRequest {
        options(sensitivity, minSegmentSec); // validates both with the analyser's own messages
        if (peakFrames < 0 || peakFrames > MAX_PEAK_FRAMES) {
            throw DamException.invalid("peak frames must be between 0 and " + MAX_PEAK_FRAMES + ", not " + peakFrames);
        }
    }

    public static MotionRequest defaults() {
        MotionOptions o = MotionOptions.defaults();
        return new MotionRequest(o.sensitivity(), o.minSegmentSec(), 6, false);
    }

    MotionOptions options() {
        return options(sensitivity, minSegmentSec);
    }

    private static MotionOptions options(double sensitivity, double minSegmentSec) {
        return new MotionOptions(sensitivity, minSegmentSec);
    }
}
