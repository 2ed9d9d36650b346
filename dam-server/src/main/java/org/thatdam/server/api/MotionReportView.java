package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.process.MotionReport;

/**
 * A motion analysis: the moving segments, the score timeline ({@code scores} every {@code stepSec}),
 * the peak stills saved ({@code frames}, taken at {@code frameSecs}) and the clip of the moving parts (null when not asked for).
 */
public record MotionReportView(double durationSec, double motionSec, List<Segment> segments, int framesSaved,
                               List<String> frames, List<Double> frameSecs, @Nullable String clip, double sensitivity, double minSegmentSec,
                               double analysisSec, @Nullable Scores timeline) {

    public record Segment(double startSec, double endSec, double peakScore, double peakSec) {}

    public record Scores(double stepSec, float[] scores) {}

    public static MotionReportView of(MotionReport r) {
        return new MotionReportView(r.durationSec(), r.motionSec(),
                r.segments().stream().map(s -> new Segment(s.startSec(), s.endSec(), s.peakScore(), s.peakSec())).toList(),
                r.framesSaved(), r.frames(), r.frameSecs(), r.clip(), r.sensitivity(), r.minSegmentSec(), r.analysisSec(),
                r.timeline() == null ? null : new Scores(r.timeline().stepSec(), r.timeline().scores()));
    }
}
