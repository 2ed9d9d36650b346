package org.thatdam.core.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetKind;
import org.thatdam.model.Derivative;
import org.thatdam.model.MediaInfo;
import org.thatdam.core.derive.SourceFile;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.media.cut.CutResult;
import org.thatdam.media.cut.RangeCutter;
import org.thatdam.media.cut.TimeRange;
import org.thatdam.media.derive.ProgressListener;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.idle.IdleDetector;
import org.thatdam.media.idle.IdlePlan;

/**
 * Cuts the idle stretches (a frozen picture, optionally only while silent) out of a video and keeps
 * every active range. For an asset it runs as a job; its outputs are derivatives: "idle-ranges"
 * (the report as JSON) and "idle-trimmed" (the new file). A dry run replaces only the ranges.
 */
public final class IdleTrimService {

    static final Duration TOOL_TIMEOUT = Duration.ofHours(6);
    static final String RANGES = "idle-ranges";
    static final String TRIMMED = "idle-trimmed";

    private final JobRequests jobs;
    private final ModuleOutputs outputs;
    private final Supplier<FfmpegTools> tools;

    public IdleTrimService(JobRequests jobs, ModuleOutputs outputs, Supplier<FfmpegTools> tools) {
        this.jobs = jobs;
        this.outputs = outputs;
        this.tools = tools;
    }

    /** Queues a trim (or a dry run) of the asset's current version; returns the job id. */
    public long request(long assetId, TrimRequest request, Actor by) {
        return jobs.enqueue(JobKind.IDLE_TRIM, Set.of(AssetKind.VIDEO, AssetKind.AUDIO), assetId, request,
                AuditAction.PROCESSING_TRIM, by);
    }

    /** The last trim or dry run of the asset, if there is one. */
    public Optional<TrimReport> latest(long assetId) {
        return outputs.report(assetId, RANGES, TrimReport.class);
    }

    /**
     * Finds the idle ranges and, unless it is a dry run, writes the trimmed file to {@code out}
     * (atomically; the caller makes sure it is ours to write). The output name is {@code out}'s path.
     */
    public TrimReport trim(Path file, MediaInfo media, TrimRequest request, Path out, ProgressListener progress,
                           BooleanSupplier cancelled) {
        // Until the idle parts are known, the cut is estimated at its most: the whole file kept.
        double durationSec = media.durationSec() != null && media.durationSec() > 0 ? media.durationSec() : 1;
        Progress steps = Progress.steps(progress);
        long start = System.nanoTime();
        IdlePlan plan = new IdleDetector(tools.get(), TOOL_TIMEOUT).detect(file, media, request.options(),
                steps.step(durationSec * Progress.ANALYSIS_PER_SEC, request.dryRun() ? 0 : durationSec * Progress.CUT_PER_SEC),
                cancelled);
        double detectSec = (System.nanoTime() - start) / 1e9;
        String output = null;
        double outputSec = plan.outputSec();
        if (!request.dryRun()) {
            if (plan.kept().isEmpty()) {
                throw new PermanentJobException(String.format(Locale.ROOT,
                        "nothing to keep: the whole file is idle at noise %.0f dB and minimum idle %.1fs",
                        request.noiseDb(), request.minIdleSec()));
            }
            CutResult r = new RangeCutter(tools.get(), TOOL_TIMEOUT).cut(file, media, plan.kept(), out,
                    steps.step(1, 0), cancelled);
            outputSec = r.outputSec();
            output = out.toString();
        }
        return new TrimReport(plan.inputSec(), outputSec, pairs(plan.kept()), pairs(plan.removed()), output,
                request.dryRun(), request.noiseDb(), request.minIdleSec(), request.padSec(), request.silence(), detectSec);
    }

    /** The trimmed file's name: MP4 for video, M4A when there is only sound. */
    public static String outputName(MediaInfo media) {
        return media.kind() == AssetKind.AUDIO ? "trimmed.m4a" : "trimmed.mp4";
    }

    public JobHandler handler() {
        return new JobHandler() {
            @Override
            public JobKind kind() {
                return JobKind.IDLE_TRIM;
            }

            @Override
            public void run(JobContext ctx) throws Exception {
                SourceFile src = jobs.source(ctx.job());
                TrimRequest request = JobRequests.request(ctx.job(), TrimRequest.class);
                Path dir = outputs.runDir(src.asset().id(), "idle-" + ctx.job().id());
                TrimReport r = trim(src.file(), src.version().media(), request, dir.resolve(outputName(src.version().media())),
                        ctx::progress, ctx.cancelled());
                List<Derivative> made = new ArrayList<>();
                if (r.output() != null) {
                    made.add(outputs.describe(src, TRIMMED, Path.of(r.output()), String.format(Locale.ROOT,
                            "%.1fs of %.1fs kept in %d range(s)", r.outputSec(), r.inputSec(), r.kept().size())));
                }
                TrimReport stored = r.withOutput(r.output() == null ? null : TRIMMED);
                made.add(outputs.writeReport(src, RANGES, dir.resolve("idle-ranges.json"), stored, String.format(Locale.ROOT, "%d idle range(s), %.1fs%s",
                        r.removed().size(), r.inputSec() - keptSec(r), r.dryRun() ? " (dry run)" : "")));
                outputs.replace(src.asset().id(), r.dryRun() ? RANGES : ModuleOutputs.IDLE, made);
                ctx.progress(1);
            }
        };
    }

    private static double keptSec(TrimReport r) {
        return r.kept().stream().mapToDouble(k -> k[1] - k[0]).sum();
    }

    static List<double[]> pairs(List<TimeRange> ranges) {
        return ranges.stream().map(t -> new double[] {round(t.startSec()), round(t.endSec())}).toList();
    }

    private static double round(double sec) {
        return Math.round(sec * 1000) / 1000.0;
    }
}
