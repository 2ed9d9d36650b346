package org.thatdam.core.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;

/**
 * The job queue as the API and the CLI see it: find, list, retry, cancel, enqueue derivative work,
 * and run the queue in this process until a job (or the whole queue) is done. The {@link JobEngine}
 * underneath runs the jobs.
 */
public final class JobService {

    /** The most jobs one listing returns. */
    public static final int MAX_LIST = 100_000;
    /** How often a waiter looks at the catalog when no event arrives (the job may run in another process). */
    private static final long POLL_MS = 250;

    private final Catalog catalog;
    private final Supplier<JobEngine> engine;
    private final Runnable signal;
    private final EventBus events;
    private final Clock clock;
    private final AuditLog audit;

    /**
     * {@code engine} creates (without starting) this process's engine on first use; {@code signal}
     * wakes it only if it exists, so queueing work never creates one.
     */
    public JobService(Catalog catalog, Supplier<JobEngine> engine, Runnable signal, EventBus events, Clock clock, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
        this.engine = engine;
        this.signal = signal;
        this.events = events;
        this.clock = clock;
    }

    public Job find(long id) {
        return catalog.read(s -> s.jobs().find(id)).orElseThrow(() -> DamException.notFound("no job with id " + id));
    }

    /** Jobs newest first, in one state or all ({@code state} null); {@code limit} is clamped to 1..{@value #MAX_LIST}. */
    public List<Job> list(JobState state, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_LIST));
        return catalog.read(s -> s.jobs().list(state, n));
    }

    /** How many jobs are in each state (every state present). */
    public Map<JobState, Long> counts() {
        return catalog.read(s -> s.jobs().counts());
    }

    /** Queued and running jobs in the whole catalog (whichever process runs them). */
    public long pending() {
        Map<JobState, Long> c = counts();
        return c.get(JobState.QUEUED) + c.get(JobState.RUNNING);
    }

    /** Queues a failed or cancelled job again with fresh attempts; a conflict in any other state. */
    public Job retry(long id, Actor by) {
        Job j = find(id);
        if (!catalog.write(s -> {
            boolean retried = s.jobs().retry(id, clock.millis());
            if (retried) audit.write(s, by, AuditAction.JOB_RETRY, "job " + id, j.kind());
            return retried;
        })) {
            throw DamException.conflict("job " + id + " is " + j.state().id()
                    + ": only failed or cancelled jobs can be retried (or the same work is already queued)");
        }
        signal.run();
        return find(id);
    }

    /** Queues every failed job again, as asked by {@code by} (each one audited); returns how many. */
    public int retryFailed(Actor by) {
        long now = clock.millis();
        int n = catalog.write(s -> {
            int c = 0;
            for (Job j : s.jobs().list(JobState.FAILED, MAX_LIST)) {
                if (s.jobs().retry(j.id(), now)) {
                    audit.write(s, by, AuditAction.JOB_RETRY, "job " + j.id(), j.kind());
                    c++;
                }
            }
            return c;
        });
        if (n > 0) signal.run();
        return n;
    }

    /** Cancels a queued or running job (its ffmpeg is stopped, wherever it runs); a conflict when it already ended. */
    public Job cancel(long id, Actor by) {
        Job j = find(id);
        if (!engine.get().cancel(id, s -> audit.write(s, by, AuditAction.JOB_CANCEL, "job " + id, j.kind()))) {
            throw DamException.conflict("job " + id + " already finished (" + j.state().id() + ")");
        }
        return find(id);
    }

    /**
     * Queues derivative work of one kind for an asset's current version (e.g. to make its poster
     * again), as asked by {@code by}; returns the job id (the queued one when the same work already waits).
     */
    public long enqueue(JobKind kind, long assetId, Actor by) {
        if (!kind.derivative()) throw DamException.invalid(kind.id() + " jobs are queued by their own request");
        long id = catalog.write(s -> {
            Asset a = s.assets().find(assetId).orElseThrow(() -> DamException.notFound("no asset with id " + assetId));
            if (a.currentVersionId() == null) throw DamException.invalid("asset " + assetId + " has no content yet");
            if (!kind.plannedFor(a.kind())) {
                throw DamException.invalid(a.kind().id() + " assets have no " + kind.id() + " (asset " + assetId + ")");
            }
            // The job could only fail: its input is the file that could not be read.
            if (a.status() == AssetStatus.FAILED) {
                throw DamException.conflict("asset " + assetId + " failed to probe ("
                        + (a.error() == null ? "unreadable" : a.error()) + "): nothing to make " + kind.output()
                        + " from; rescan it after fixing the file");
            }
            long job = s.jobs().enqueue(kind.forVersion(assetId, a.currentVersionId()), clock.millis());
            audit.write(s, by, AuditAction.DERIVATIVE_REGENERATE, "asset " + assetId, kind.id() + ", job " + job);
            return job;
        });
        signal.run();
        return id;
    }

    /**
     * Runs the queue in this process until job {@code id} has ended (whichever process finishes it);
     * {@code progress} sees the job each time it changes.
     */
    public Job runUntilDone(long id, Consumer<Job> progress) throws InterruptedException {
        find(id);
        engine.get().start();
        Object changed = new Object();
        try (AutoCloseable ignored = events.subscribe(e -> {
            if (e instanceof DamEvent.JobStateChanged c && c.jobId() == id
                    || e instanceof DamEvent.JobProgress p && p.jobId() == id) {
                synchronized (changed) {
                    changed.notifyAll();
                }
            }
        })) {
            while (true) {
                Job job = find(id);
                progress.accept(job);
                if (job.state().finished()) return job;
                synchronized (changed) {
                    changed.wait(POLL_MS);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DamException(ErrorCode.INTERNAL, "cannot stop following job " + id, e);
        }
    }

    /**
     * Runs the queue in this process until no job is queued or running anywhere, or {@code timeout}
     * passes; true when the queue is empty.
     *
     * @throws org.thatdam.storage.DiskFullException when work is left but waits for disk space
     */
    public boolean runUntilIdle(Duration timeout) throws InterruptedException {
        if (timeout.isNegative()) throw DamException.invalid("the timeout must not be negative");
        JobEngine e = engine.get();
        e.start();
        return e.awaitIdle(timeout);
    }
}
