package org.thatdam.core.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetKind;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.thatdam.model.Derivative;
import org.thatdam.model.MediaInfo;
import org.thatdam.core.derive.SourceFile;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.media.cut.RangeCutter;
import org.thatdam.media.cut.TimeRange;
import org.thatdam.media.derive.ProgressListener;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.motion.MotionAnalysis;
import org.thatdam.media.motion.MotionAnalyzer;
import org.thatdam.media.motion.MotionSegment;
import org.thatdam.media.motion.MotionSegmenter;
import org.thatdam.media.motion.PeakFrames;

/**
 * Finds where a video moves: segments, a score timeline, stills at the peaks and optionally a clip
 * of only the moving parts. For an asset it runs as a job and its outputs are derivatives
 * ("motion" = the report as JSON, "motion-clip", "motion-peak-NN"), replaced as a whole by the next run.
 */
public final class MotionService {

    static final Duration TOOL_TIMEOUT = Duration.ofHours(6);
    /** Context kept before and after each moving part in the clip. */
    static final double CLIP_PAD_SEC = 0.5;
    static final String REPORT = "motion";

    private final JobRequests jobs;
    private final ModuleOutputs outputs;
    private final Supplier<FfmpegTools> tools;

    public MotionService(JobRequests jobs, ModuleOutputs outputs, Supplier<FfmpegTools> tools) {
        this.jobs = jobs;
        this.outputs = outputs;
        this.tools = tools;
    }

    /** Queues an analysis of the asset's current version; returns the job id. */
    public long request(long assetId, MotionRequest request, Actor by) {
        return jobs.enqueue(JobKind.MOTION, Set.of(AssetKind.VIDEO), assetId, request,
                AuditAction.PROCESSING_MOTION, by);
    }

    /** The last analysis of the asset, if there is one. */
    public Optional<MotionReport> latest(long assetId) {
        return outputs.report(assetId, REPORT, MotionReport.class);
    }

    /** The analysis itself, writing its stills and clip into {@code outDir}; output names are file paths. */
    public MotionReport analyze(Path file, MediaInfo media, MotionRequest request, Path outDir, ProgressListener progress,
                                BooleanSupplier cancelled) throws IOException {
        // Until the analysis has found the moving parts, the stills and the clip are estimated at
        // their most (every still asked for, a clip of the whole file).
        double durationSec = media.durationSec() != null && media.durationSec() > 0 ? media.durationSec() : 1;
        Progress steps = Progress.steps(progress);
        long start = System.nanoTime();
        MotionAnalysis a = new MotionAnalyzer(tools.get(), TOOL_TIMEOUT).analyze(file, media, request.options(),
                steps.step(durationSec * Progress.ANALYSIS_PER_SEC,
                        request.peakFrames() * Progress.STILL + (request.clip() ? durationSec * Progress.CUT_PER_SEC : 0)),
                cancelled);
        List<MotionSegment> segments = MotionSegmenter.segments(a, request.options());
        double analysisSec = (System.nanoTime() - start) / 1e9;
        List<TimeRange> clipRanges = request.clip() && !segments.isEmpty() ? clipRanges(segments, a.durationSec()) : List.of();
        double clipCost = TimeRange.total(clipRanges) * Progress.CUT_PER_SEC;
        List<String> frames = new ArrayList<>();
        if (request.peakFrames() > 0 && !segments.isEmpty()) {
            ProgressListener stills = steps.step(Math.min(request.peakFrames(), segments.size()) * Progress.STILL, clipCost);
            for (Path p : new PeakFrames(tools.get(), TOOL_TIMEOUT).save(file, segments, request.peakFrames(), outDir, cancelled)) {
                frames.add(p.toString());
            }
            stills.progress(1);
        }
        String clip = null;
        if (!clipRanges.isEmpty()) {
            Path out = outDir.resolve("motion-clip.mp4");
            new RangeCutter(tools.get(), TOOL_TIMEOUT).cut(file, media, clipRanges, out, steps.step(clipCost, 0), cancelled);
            clip = out.toString();
        }
        double motionSec = segments.stream().mapToDouble(s -> s.endSec() - s.startSec()).sum();
        return new MotionReport(a.durationSec(), motionSec, segments, frames.size(), frames, clip, request.sensitivity(),
                request.minSegmentSec(), analysisSec, timeline(a));
    }

    public JobHandler handler() {
        return new JobHandler() {
            @Override
            public JobKind kind() {
                return JobKind.MOTION;
            }

            @Override
            public void run(JobContext ctx) throws Exception {
                SourceFile src = jobs.source(ctx.job());
                MotionRequest request = JobRequests.request(ctx.job(), MotionRequest.class);
                Path dir = outputs.runDir(src.asset().id(), "motion-" + ctx.job().id());
                MotionReport r = analyze(src.file(), src.version().media(), request, dir, ctx::progress, ctx.cancelled());
                List<Derivative> made = new ArrayList<>();
                List<String> frameKinds = new ArrayList<>();
                for (int i = 0; i < r.frames().size(); i++) {
                    String kind = String.format("motion-peak-%02d", i + 1);
                    made.add(outputs.describe(src, kind, Path.of(r.frames().get(i)), "still at a motion peak"));
                    frameKinds.add(kind);
                }
                if (r.clip() != null) {
                    made.add(outputs.describe(src, "motion-clip", Path.of(r.clip()),
                            r.segments().size() + " moving part(s)"));
                }
                MotionReport stored = r.withOutputs(frameKinds, r.clip() == null ? null : "motion-clip");
                made.add(outputs.writeReport(src, REPORT, dir.resolve("motion.json"), stored, String.format(java.util.Locale.ROOT,
                        "%d segment(s), %.1fs of motion in %.1fs", r.segments().size(), r.motionSec(), r.durationSec())));
                outputs.replace(src.asset().id(), ModuleOutputs.MOTION, made);
                ctx.progress(1);
            }
        };
    }

    /** The segments widened by a little context, merged where they then touch, within the file. */
    static List<TimeRange> clipRanges(List<MotionSegment> segments, double durationSec) {
        List<TimeRange> out = new ArrayList<>();
        for (MotionSegment s : segments) {
            double a = Math.max(0, s.startSec() - CLIP_PAD_SEC);
            double b = durationSec > 0 ? Math.min(durationSec, s.endSec() + CLIP_PAD_SEC) : s.endSec() + CLIP_PAD_SEC;
            if (!out.isEmpty() && a <= out.get(out.size() - 1).endSec()) {
                TimeRange last = out.remove(out.size() - 1);
                out.add(new TimeRange(last.startSec(), Math.max(b, last.endSec())));
            } else if (b > a) {
                out.add(new TimeRange(a, b));
            }
        }
        return out;
    }

    static MotionReport.Timeline timeline(MotionAnalysis a) {
        float[] scores = a.scores();
        double step = 1 / a.sampleFps();
        if (scores.length <= MotionReport.TIMELINE_POINTS) {
            return new MotionReport.Timeline(step, scores.clone());
        }
        int per = (scores.length + MotionReport.TIMELINE_POINTS - 1) / MotionReport.TIMELINE_POINTS;
        float[] out = new float[(scores.length + per - 1) / per];
        for (int i = 0; i < scores.length; i++) {
            out[i / per] = Math.max(out[i / per], scores[i]);
        }
        return new MotionReport.Timeline(step * per, out);
    }
}
