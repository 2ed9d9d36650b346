package org.thatdam.bench;

import java.time.Duration;
import org.thatdam.media.idle.IdleDetector;
import org.thatdam.media.idle.IdleOptions;
import org.thatdam.media.idle.IdlePlan;
import org.thatdam.media.motion.MotionAnalysis;
import org.thatdam.media.motion.MotionAnalyzer;

/**
 * The motion and idle measures of {@link MotionBench}, written against dam-media's
 * {@code org.thatdam.media.motion} and {@code org.thatdam.media.idle}. Kept outside the compiled
 * sources until those packages are in the build; see {@link MotionBench#ANALYSES}.
 */
final class MotionAnalyses implements MotionBench.Analyses {

    private static final Duration TIMEOUT = Duration.ofHours(1);

    @Override
    public MotionBench.Analysis motion() {
        return (tools, clip, info) -> {
            MotionAnalysis a = new MotionAnalyzer(tools, TIMEOUT).analyze(clip, info, f -> { }, () -> false);
            return String.valueOf(a);
        };
    }

    @Override
    public MotionBench.Analysis idle() {
        return (tools, clip, info) -> {
            IdlePlan p = new IdleDetector(tools, TIMEOUT).detect(clip, info, IdleOptions.defaults(), f -> { }, () -> false);
            return String.valueOf(p);
        };
    }
}
