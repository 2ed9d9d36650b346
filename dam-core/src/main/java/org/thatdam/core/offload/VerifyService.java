package org.thatdam.core.offload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.core.json.Json;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.LibraryRoot;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.IoErrors;
import org.thatdam.storage.PathGuard;
import org.thatdam.storage.mhl.HashFormat;
import org.thatdam.storage.mhl.MhlCreator;
import org.thatdam.storage.mhl.MhlVerifier;
import org.thatdam.storage.mhl.VerifyReport;

/**
 * Checks a folder (an offload destination, a backup) against its ASC MHL history: here and now for
 * the command line, or as a {@link JobKind#VERIFY} job whose report is kept under the library's
 * home ({@code verify/<job>.json}) for the API to show.
 */
public final class VerifyService {

    /** The report of a finished verification job: the folder, when, and what was found. */
    public record VerifyResult(long jobId, String path, Instant finishedAt, boolean ok, VerifyReport report) {}

    private final Catalog catalog;
    private final Supplier<List<LibraryRoot>> roots;
    private final Supplier<Optional<Path>> backupDir;
    private final Path reports;
    private final Runnable signalJobs;
    private final Clock clock;
    private final AuditLog audit;

    public VerifyService(Catalog catalog, Supplier<List<LibraryRoot>> roots, Supplier<Optional<Path>> backupDir, Path home,
                         Runnable signalJobs, Clock clock, AuditLog audit) {
        this.catalog = catalog;
        this.roots = roots;
        this.backupDir = backupDir;
        this.reports = home.resolve("verify");
        this.signalJobs = signalJobs;
        this.clock = clock;
        this.audit = audit;
    }

    /** Verifies {@code dir} against its history right away; nothing is written. */
    public static VerifyReport verify(Path dir, MhlVerifier.Progress progress) {
        return MhlVerifier.verify(dir, progress);
    }

    /**
     * Verifies {@code dir} and records the outcome as a new in-place generation of its history
     * (verified, failed and new files, in the formats it already uses; xxh64 for a first one).
     */
    public static MhlVerifier.Recorded verifyAndRecord(Path dir, Optional<String> author, MhlVerifier.Progress progress) {
        return MhlVerifier.record(dir, EnumSet.of(HashFormat.XXH64), MhlCreator.ours(author), Instant.now(), progress);
    }

    /**
     * Queues a verification of {@code raw}, which must be a library root or a folder inside one, or
     * the configured backup folder or one inside it; returns the job id (the waiting one when the
     * same folder is already queued).
     */
    public long request(String raw, Actor by) {
        Path dir = allowedFolder(raw);
        String params = Json.text(new Params(FileNames.text(dir)));
        long job = catalog.write(s -> {
            long id = s.jobs().enqueue(JobKind.VERIFY.newJob(null, params), clock.millis());
            audit.write(s, by, AuditAction.VERIFY_START, "folder " + dir, "job " + id);
            return id;
        });
        signalJobs.run();
        return job;
    }

    /** The report of verification job {@code jobId}, once it has run. */
    public Optional<VerifyResult> result(long jobId) {
        Path file = reports.resolve(jobId + ".json");
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), VerifyResult.class));
        } catch (IOException e) {
            throw IoErrors.failure("cannot read the report of verification job " + jobId, e);
        }
    }

    /**
     * The real folder {@code raw} names, when verifying it is allowed: an absolute path to an
     * existing folder inside a library root or the backup folder.
     */
    Path allowedFolder(String raw) {
        Path p = PathGuard.parseUserPath(raw);
        if (!p.isAbsolute()) throw new DamException(ErrorCode.BAD_PATH, "give an absolute path to a folder in a library root or the backup folder");
        if (!Files.exists(p)) throw DamException.notFound("no such folder: " + p.normalize());
        if (!Files.isDirectory(p)) throw DamException.invalid("not a folder: " + p.normalize());
        List<Path> allowed = new ArrayList<>();
        roots.get().forEach(r -> allowed.add(FileNames.path(r.path())));
        backupDir.get().ifPresent(allowed::add);
        for (Path base : allowed) {
            try {
                if (PathGuard.isInside(base, p)) return p.toRealPath();
            } catch (IOException e) {
                // this base or the path is unreadable: try the next one
            }
        }
        throw new DamException(ErrorCode.BAD_PATH, "not inside a library root or the backup folder: " + p.normalize());
    }

    private record Params(String path) {}

    public JobHandler handler() {
        return new JobHandler() {
            @Override
            public JobKind kind() {
                return JobKind.VERIFY;
            }

            @Override
            public void run(JobContext ctx) throws Exception {
                Path dir = FileNames.path(ctx.params(Params.class).path());
                VerifyReport r;
                try {
                    r = MhlVerifier.verify(dir, progress(ctx::progress, ctx.cancelled()));
                } catch (CancellationException e) {
                    return;
                } catch (DamException e) {
                    throw new PermanentJobException(e.getMessage(), e);
                }
                VerifyResult result = new VerifyResult(ctx.job().id(), dir.toString(), clock.instant(), r.ok(), r);
                Files.createDirectories(reports);
                AtomicFiles.write(reports.resolve(ctx.job().id() + ".json"), Json.mapper().writeValueAsBytes(result));
                ctx.progress(1);
                if (!r.ok()) throw new PermanentJobException(summary(r));
            }
        };
    }

    /** "2 changed, 1 missing of 40 files": what a failed verification found, in a line. */
    public static String summary(VerifyReport r) {
        List<String> parts = new ArrayList<>();
        if (!r.changed().isEmpty()) parts.add(r.changed().size() + " changed");
        if (!r.missing().isEmpty()) parts.add(r.missing().size() + " missing");
        if (!r.unchecked().isEmpty()) parts.add(r.unchecked().size() + " not checkable");
        if (!r.added().isEmpty()) parts.add(r.added().size() + " new");
        int recorded = r.checked() + r.missing().size() + r.unchecked().size();
        String what = parts.isEmpty() ? "all verified" : String.join(", ", parts);
        return what + " (" + recorded + " recorded file" + (recorded == 1 ? "" : "s") + ")";
    }

    /** Progress as a fraction of the bytes to read; stops the read when the job is cancelled. */
    public static MhlVerifier.Progress progress(DoubleConsumer fraction, BooleanSupplier cancelled) {
        return new MhlVerifier.Progress() {
            private long total;

            @Override
            public void start(int files, long totalBytes) {
                total = totalBytes;
            }

            @Override
            public void bytesDone(long done) {
                if (cancelled.getAsBoolean()) throw new CancellationException("cancelled");
                if (total > 0) fraction.accept(Math.min(0.999, done / (double) total));
            }
        };
    }

}
