package org.thatdam.core.process;

import org.thatdam.catalog.CatalogSession;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.AssetKind;
import org.thatdam.model.ConsoleRun;
import org.thatdam.model.Derivative;
import org.thatdam.model.NewJob;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.derive.SourceFile;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.media.console.ConsoleCommand;
import org.thatdam.media.console.ConsoleEnding;
import org.thatdam.media.console.ConsoleLimits;
import org.thatdam.media.console.ConsoleOutcome;
import org.thatdam.media.console.ConsoleRunner;
import org.thatdam.media.console.Preset;
import org.thatdam.media.console.Presets;
import org.thatdam.media.derive.ProgressListener;
import org.thatdam.media.ffmpeg.FfmpegTools;

/**
 * The ffmpeg console: presets and custom token lists run on one asset (as a job) or one file, inside
 * a sandbox folder, within time and size limits, every run kept in the history. What a run on an
 * asset makes becomes its derivatives ("ffmpeg-RUN", or "ffmpeg-RUN-N" when it made several files).
 */
public final class ConsoleService {

    /** What ffmpeg can work on. */
    static final java.util.Set<AssetKind> MEDIA = java.util.Set.of(AssetKind.VIDEO, AssetKind.AUDIO, AssetKind.IMAGE);

    private final Catalog catalog;
    private final ModuleOutputs outputs;
    private final Supplier<FfmpegTools> tools;
    private final Runnable signalJobs;
    private final CancelJob cancelJob;
    private final DamConfig.Console limits;
    private final Clock clock;
    private final AuditLog audit;

    /** Cancels a job, writing {@code also} in the cancelling transaction; false when it had already ended. */
    public interface CancelJob {
        boolean cancel(long jobId, Consumer<CatalogSession> also);
    }

    public ConsoleService(Catalog catalog, ModuleOutputs outputs, Supplier<FfmpegTools> tools, Runnable signalJobs,
                          CancelJob cancelJob, DamConfig.Console limits, Clock clock, AuditLog audit) {
        this.cancelJob = cancelJob;
        this.audit = audit;
        this.catalog = catalog;
        this.outputs = outputs;
        this.tools = tools;
        this.signalJobs = signalJobs;
        this.limits = limits;
        this.clock = clock;
    }

    public List<Preset> presets() {
        return Presets.all();
    }

    /**
     * Checks the command (a rejected token throws before anything is recorded), records the run and
     * queues it on the asset's current version; audited as asked by {@code by}.
     */
    public ConsoleRun submit(long assetId, ConsoleRequest request, Actor by) {
        var a = catalog.read(s -> JobRequests.workable(s, JobKind.FFMPEG, MEDIA, assetId));
        Double duration = catalog.read(s -> s.assets().version(a.currentVersionId())).map(v -> v.media().durationSec()).orElse(null);
        ConsoleCommand command = request.command(duration == null ? 0 : duration);
        long runId = catalog.write(s -> {
            long now = clock.millis();
            long id = s.consoleRuns().create(assetId, a.path(), request.preset(), request.params(), command.tokens(),
                    display(command), now);
            long job = s.jobs().enqueue(new NewJob(JobKind.FFMPEG.id(), assetId, "run=" + id + ";v=" + a.currentVersionId(),
                    JobKind.FFMPEG.priority(), JobKind.FFMPEG.maxAttempts()), now);
            s.consoleRuns().attachJob(id, job);
            audit.write(s, by, AuditAction.PROCESSING_CONSOLE, "asset " + assetId, "run " + id);
            return id;
        });
        signalJobs.run();
        return run(runId);
    }

    /**
     * Runs on a file outside the catalog, here and now, with outputs in {@code workDir} (ours, empty).
     * The run is kept in the history without an asset.
     */
    public ConsoleRun runFile(Path file, double durationSec, ConsoleRequest request, Path workDir,
                              ProgressListener progress, BooleanSupplier cancelled) {
        ConsoleCommand command = request.command(durationSec);
        long runId = catalog.write(s -> s.consoleRuns().create(null, file.toString(), request.preset(), request.params(),
                command.tokens(), display(command), clock.millis()));
        catalog.update(s -> s.consoleRuns().start(runId));
        ConsoleOutcome o = execute(command, file, durationSec, workDir, progress, cancelled);
        record(runId, o, o.outputs().stream().map(Path::toString).toList());
        return run(runId);
    }

    public ConsoleRun run(long runId) {
        ConsoleRun r = catalog.read(s -> s.consoleRuns().find(runId))
                .orElseThrow(() -> DamException.notFound("no ffmpeg run with id " + runId));
        return reconciled(r);
    }

    /** Newest first, of one asset or of all. */
    public List<ConsoleRun> history(Long assetId, int limit) {
        return catalog.read(s -> s.consoleRuns().recent(assetId, limit)).stream().map(this::reconciled).toList();
    }

    /**
     * Stops a queued or running run (its ffmpeg is killed), as asked by {@code by}. False when it had
     * already ended. Audited with the cancelling of its job.
     */
    public boolean cancel(long runId, Actor by) {
        ConsoleRun r = run(runId);
        if (r.finished()) return false;
        if (r.jobId() != null) {
            cancelJob.cancel(r.jobId(), s -> audit.write(s, by, AuditAction.JOB_CANCEL,
                    "ffmpeg run " + runId, "job " + r.jobId()));
        }
        reconciled(run(runId));
        return true;
    }

    /** A run still "queued" whose job was cancelled or failed before it started is recorded as such. */
    private ConsoleRun reconciled(ConsoleRun r) {
        if (!r.state().equals("queued") || r.jobId() == null) return r;
        var job = catalog.read(s -> s.jobs().find(r.jobId()));
        if (job.isEmpty() || !job.get().state().finished()) return r;
        String state = job.get().state() == org.thatdam.model.JobState.CANCELLED ? "cancelled" : "failed";
        catalog.update(s -> s.consoleRuns().finish(r.id(), state, null, null, List.of(),
                "the job ended before the run started (" + job.get().state().id() + ")", null, clock.millis()));
        return catalog.read(s -> s.consoleRuns().find(r.id())).orElseThrow();
    }

    public JobHandler handler() {
        return new JobHandler() {
            @Override
            public JobKind kind() {
                return JobKind.FFMPEG;
            }

            @Override
            public void run(JobContext ctx) throws Exception {
                long runId = runIdOf(ctx.job().params());
                ConsoleRun run = ConsoleService.this.run(runId);
                if (!catalog.write(s -> s.consoleRuns().start(runId))) {
                    return; // cancelled before it started
                }
                ConsoleOutcome o;
                SourceFile src;
                Path dir;
                try {
                    src = sourceFor(run, ctx.job().params());
                    dir = outputs.runDir(src.asset().id(), "ffmpeg-" + runId);
                    Double known = src.version().media().durationSec();
                    double duration = known == null ? 0 : known;
                    // Built again from what was asked, and checked again: the history is data, not a command to trust.
                    ConsoleRequest asked = run.preset() != null ? ConsoleRequest.preset(run.preset(), run.params())
                            : ConsoleRequest.custom(run.tokens());
                    o = execute(asked.command(duration), src.file(), duration, dir, ctx::progress, ctx.cancelled());
                } catch (RuntimeException | IOException e) {
                    catalog.update(s -> s.consoleRuns().finish(runId, "failed", null, null, List.of(), e.getMessage(), null,
                            clock.millis()));
                    throw e;
                }
                List<Derivative> made = new ArrayList<>();
                List<String> kinds = new ArrayList<>();
                if (o.ending() == ConsoleEnding.OK) {
                    for (int i = 0; i < o.outputs().size(); i++) {
                        String kind = o.outputs().size() == 1 ? "ffmpeg-" + runId : "ffmpeg-" + runId + "-" + (i + 1);
                        made.add(outputs.describe(src, kind, o.outputs().get(i), outputDetail(run.preset(), runId)));
                        kinds.add(kind);
                    }
                    outputs.add(made);
                } else {
                    DerivativeFiles.deleteTree(dir);
                }
                record(runId, o, kinds);
                if (o.ending() != ConsoleEnding.OK && o.ending() != ConsoleEnding.CANCELLED) {
                    throw new PermanentJobException(o.message());
                }
            }
        };
    }

    private static final String CUSTOM = "custom ffmpeg";
    private static final java.util.regex.Pattern DETAIL = java.util.regex.Pattern.compile("(.+) \\(run \\d+\\)");

    /** The detail of a run's output derivative: "gif (run 12)", "custom ffmpeg (run 12)". */
    static String outputDetail(String preset, long runId) {
        return (preset == null ? CUSTOM : preset) + " (run " + runId + ")";
    }

    /** The preset that made a console output, from its {@link #outputDetail}; empty for a custom command. */
    public static Optional<String> presetOf(String detail) {
        java.util.regex.Matcher m = DETAIL.matcher(detail == null ? "" : detail);
        return m.matches() && !m.group(1).equals(CUSTOM) ? Optional.of(m.group(1)) : Optional.empty();
    }

    private ConsoleOutcome execute(ConsoleCommand command, Path file, double durationSec, Path workDir,
                                   ProgressListener progress, BooleanSupplier cancelled) {
        return new ConsoleRunner(tools.get()).run(command, file, durationSec, workDir,
                new ConsoleLimits(limits.maxTime(), limits.maxOutputBytes(), limits.maxOutputFiles(),
                        limits.maxMemoryBytes()), progress, cancelled);
    }

    private void record(long runId, ConsoleOutcome o, List<String> outputNames) {
        catalog.update(s -> s.consoleRuns().finish(runId, o.ending().name().toLowerCase(Locale.ROOT), o.exitCode(),
                o.elapsed().toMillis(), outputNames, o.message(), o.stderrTail(), clock.millis()));
    }

    private SourceFile sourceFor(ConsoleRun run, String params) {
        if (run.assetId() == null) throw new PermanentJobException("ffmpeg run " + run.id() + " has no asset any more");
        long version = Long.parseLong(params.substring(params.indexOf(";v=") + 3));
        return SourceFile.load(catalog, run.assetId(), version).orElseThrow(() -> new PermanentJobException(
                "asset " + run.assetId() + " has new content since this was asked for; run it again"));
    }

    static long runIdOf(String params) {
        if (params != null && params.startsWith("run=") && params.contains(";v=")) {
            return Long.parseLong(params.substring(4, params.indexOf(';')));
        }
        throw new PermanentJobException("ffmpeg job without a run: '" + params + "'");
    }

    private static String display(ConsoleCommand c) {
        return c.display();
    }
}
