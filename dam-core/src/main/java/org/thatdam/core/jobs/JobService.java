package org.thatdam.core.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.JobRepository;
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
import org.thatdam.model.JobGrouping;
import org.thatdam.model.JobState;

/**
 * The job queue as the API and the CLI see it: find, list, retry, cancel, enqueue derivative work,
 * and run the queue in this process until a job (or the whole queue) is done. The {@link JobEngine}
 * underneath runs the jobs.
 */
public final class JobService {

    /** The most jobs one listing returns. */
    public static final int MAX_LIST = 100_000;
    /** The most groups one page returns, and the most jobs shown in one group. */
    public static final int MAX_GROUPS = 500;
    /** How far back the rate of finished work is measured for the ETA. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(15);
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

    /** Jobs newest first, filtered by state and kind (each null = any), from {@code offset}; {@code limit} clamped as {@link #list(JobState, int)}. */
    public List<Job> list(JobState state, JobKind kind, int offset, int limit) {
        if (offset < 0) throw DamException.invalid("the offset must not be negative");
        int n = Math.max(1, Math.min(limit, MAX_LIST));
        return catalog.read(s -> s.jobs().list(state, kind == null ? null : kind.id(), offset, n));
    }

    /** The queue at a glance: pause, counts, the progress of the pending work and its ETA. */
    public QueueSummary summary() {
        long now = clock.millis();
        record Read(JobRepository.Stats stats, Optional<JobRepository.Pause> pause) {}
        Read r = catalog.read(s -> new Read(s.jobs().stats(now - RATE_WINDOW.toMillis()), s.jobs().pause()));
        JobRepository.Stats st = r.stats();
        Map<JobState, Long> totals = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) totals.put(state, 0L);
        List<QueueSummary.Kind> kinds = new ArrayList<>();
        double running = 0;
        Long eta = 0L;
        for (JobKind kind : JobKind.values()) {
            Map<JobState, Long> c = st.countsByKind().get(kind.id());
            if (c == null) continue;
            c.forEach((state, n) -> totals.merge(state, n, Long::sum));
            double progress = st.runningProgressByKind().getOrDefault(kind.id(), 0.0);
            running += progress;
            double perSecond = st.throughput().stream().filter(t -> t.kind().equals(kind.id())).findFirst()
                    .map(JobService::perSecond).orElse(0.0);
            double left = c.get(JobState.QUEUED) + c.get(JobState.RUNNING) - progress;
            Long kindEta = left <= 0 ? Long.valueOf(0) : perSecond > 0 ? Long.valueOf(Math.round(left / perSecond)) : null;
            // Kinds run side by side: the queue is done when its slowest kind is; unknown if any is.
            eta = eta == null || kindEta == null ? null : Math.max(eta, kindEta);
            kinds.add(new QueueSummary.Kind(kind, c, perSecond * 60, kindEta));
        }
        long pending = totals.get(JobState.QUEUED) + totals.get(JobState.RUNNING);
        double progress = pending == 0 ? 1 : (st.finishedSincePending() + running) / (st.finishedSincePending() + pending);
        JobRepository.Pause pause = r.pause().orElse(null);
        return new QueueSummary(pause != null, pause == null ? null : pause.at(), pause == null ? null : pause.by(),
                // no estimate while paused or while nothing works the queue (no server or worker running)
                totals, pending, Math.max(0, Math.min(1, progress)),
                pending > 0 && (pause != null || totals.get(JobState.RUNNING) == 0) ? null : eta, kinds);
    }

    /** Jobs finished per second over the span they ran in (at least a second, so a burst of instant ones is not infinite). */
    private static double perSecond(JobRepository.Throughput t) {
        if (t.jobs() == 0 || t.firstStarted() == null || t.lastFinished() == null) return 0;
        long spanMs = Math.max(1000, t.lastFinished().toEpochMilli() - t.firstStarted().toEpochMilli());
        return t.jobs() * 1000.0 / spanMs;
    }

    /** One page of groups of jobs, each with its first {@code perGroup} jobs; limits clamped to 1..{@value #MAX_GROUPS}. */
    public JobGroups groups(JobGrouping by, int offset, int limit, int perGroup) {
        if (offset < 0) throw DamException.invalid("the offset must not be negative");
        int n = Math.max(1, Math.min(limit, MAX_GROUPS));
        int per = Math.max(1, Math.min(perGroup, MAX_GROUPS));
        return catalog.read(s -> {
            List<JobGroups.Group> groups = new ArrayList<>();
            for (JobRepository.Group g : s.jobs().groups(by, offset, n)) {
                long all = g.counts().values().stream().mapToLong(Long::longValue).sum();
                long finished = all - g.counts().get(JobState.QUEUED) - g.counts().get(JobState.RUNNING);
                groups.add(new JobGroups.Group(g.key(), g.counts(), all == 0 ? 1 : (finished + g.runningProgress()) / all,
                        g.changedAt(), s.jobs().inGroup(by, g.key(), per)));
            }
            return new JobGroups(by, s.jobs().groupCount(by), offset, n, groups);
        });
    }

    /** Whether the queue is paused, and by whom since when. */
    public Optional<JobRepository.Pause> paused() {
        return catalog.read(s -> s.jobs().pause());
    }

    /**
     * Pauses the queue for every process sharing this library: running jobs finish, no new one starts
     * until {@link #resume}. The pause is kept in the catalog, so it outlasts restarts. Idempotent.
     */
    public QueueSummary pause(Actor by) {
        boolean changed = catalog.write(s -> {
            boolean c = s.jobs().setPaused(who(by), clock.millis());
            if (c) audit.write(s, by, AuditAction.JOB_PAUSE, "job queue", null);
            return c;
        });
        if (changed) events.publish(new DamEvent.JobQueuePaused(true, who(by)));
        return summary();
    }

    /** A user's name, or "command line" for the local command line. */
    private static String who(Actor by) {
        return by.principal().user() == null ? "command line" : by.principal().user();
    }

    /** Lets queued jobs start again. Idempotent. */
    public QueueSummary resume(Actor by) {
        boolean changed = catalog.write(s -> {
            boolean c = s.jobs().setPaused(null, clock.millis());
            if (c) audit.write(s, by, AuditAction.JOB_RESUME, "job queue", null);
            return c;
        });
        if (changed) {
            events.publish(new DamEvent.JobQueuePaused(false, who(by)));
            signal.run();
        }
        return summary();
    }

    /** What {@link #clear} removes: finished jobs that ended well or were cancelled, or failed ones. */
    public enum Clear {
        FINISHED(EnumSet.of(JobState.DONE, JobState.SKIPPED, JobState.CANCELLED)),
        FAILED(EnumSet.of(JobState.FAILED));

        private final Set<JobState> states;

        Clear(Set<JobState> states) {
            this.states = states;
        }

        public Set<JobState> states() {
            return states;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Clear parse(String s) {
            for (Clear c : values()) {
                if (c.id().equals(s.strip().toLowerCase(java.util.Locale.ROOT))) return c;
            }
            throw DamException.invalid("cannot clear '" + s + "' jobs (expected finished or failed)");
        }
    }

    /** Deletes every job in {@code which} now, as asked by {@code by} (audited); returns how many. */
    public int clear(Clear which, Actor by) {
        long now = clock.millis();
        int n = catalog.write(s -> {
            int gone = s.jobs().deleteFinished(which.states(), now + 1);
            audit.write(s, by, AuditAction.JOB_CLEAR, "job queue", which.id() + ", " + gone + " job(s)");
            return gone;
        });
        if (n > 0) events.publish(new DamEvent.JobsCleared(which.id(), n));
        return n;
    }

    /**
     * Retention: deletes finished jobs (done, skipped, cancelled) that ended more than {@code keep}
     * ago; failed ones stay until retried or cleared. Returns how many went.
     */
    public int prune(Duration keep) {
        long before = clock.millis() - keep.toMillis();
        return catalog.write(s -> s.jobs().deleteFinished(Clear.FINISHED.states(), before));
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
     * Queues derivative work or a semantic analysis of one kind for an asset's current version (e.g. to make
     * its poster again), as asked by {@code by}; returns the job id (the queued one when the same work already waits).
     */
    public long enqueue(JobKind kind, long assetId, Actor by) {
        if (!kind.planned()) throw DamException.invalid(kind.id() + " jobs are queued by their own request");
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
     * Runs job {@code id} in this process until it has ended (whichever process finishes it: a running server may
     * claim it first); {@code progress} sees the job each time it changes. Only that job: the work it queues in
     * turn (a scene analysis queues on-screen text…) is left to the server or a later {@code dam jobs wait}.
     */
    public Job runUntilDone(long id, Consumer<Job> progress) throws InterruptedException {
        find(id);
        JobEngine e = engine.get();
        e.follow(id);
        try {
            return follow(id, progress);
        } finally {
            e.unfollow(id);
        }
    }

    private Job follow(long id, Consumer<Job> progress) throws InterruptedException {
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
                if (job.state() == JobState.QUEUED) {
                    Optional<JobRepository.Pause> pause = paused();
                    if (pause.isPresent()) throw JobEngine.pausedError(pause.get(), "job " + id + " waits");
                }
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
