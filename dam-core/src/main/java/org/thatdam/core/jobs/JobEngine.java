package org.thatdam.core.jobs;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.DamException;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.storage.DiskFullException;
import org.thatdam.storage.DiskSpace;
import org.thatdam.storage.IoErrors;

/**
 * Runs the persistent job queue: claims due jobs (highest priority first) within per-kind
 * concurrency limits, runs their handlers, reports progress, retries transient failures with
 * backoff and fails permanent ones at once. Several engines (the server, a CLI waiting for its
 * scan) may share one catalog: claims are atomic, each running job carries a heartbeat, and a
 * job whose worker died (its process is gone, or it stopped beating) goes back to the queue.
 */
public final class JobEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration POLL = Duration.ofSeconds(1);
    static final long PROGRESS_EVENT_MS = 200;
    /** How long {@link #close} waits for running handlers to return once told to stop. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Catalog catalog;
    private final EventBus events;
    private final Map<JobKind, Integer> limits;
    private final Map<JobKind, JobHandler> handlers = new EnumMap<>(JobKind.class);
    private final Duration stale;
    private final Clock clock;
    private final String workerId;
    private final DiskPause disk;

    private final Map<JobKind, Integer> running = new EnumMap<>(JobKind.class);
    private final Map<Long, Running> active = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final AtomicBoolean started = new AtomicBoolean();
    /** Whether this engine runs the whole queue ({@link #start}); else only the jobs it {@link #follow}s. */
    private volatile boolean wholeQueue;
    private final Set<Long> followed = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private ExecutorService workers;
    private Thread dispatcher;
    private Thread heart;
    private final List<Runnable> startHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The channel on which nodes say that jobs were queued (the catalog's, when it is shared). */
    public static final String JOBS_CHANNEL = "dam_jobs";
    private volatile AutoCloseable jobsQueued;

    public JobEngine(Catalog catalog, EventBus events, Map<JobKind, Integer> limits, List<JobHandler> handlerList,
                     Duration stale, Clock clock) {
        this(catalog, events, limits, handlerList, stale, clock, new DiskSpace(Path.of("."), 0, () -> Long.MAX_VALUE));
    }

    /** {@code disk}: the library's disk; work that writes there waits while it is below its floor or full. */
    public JobEngine(Catalog catalog, EventBus events, Map<JobKind, Integer> limits, List<JobHandler> handlerList,
                     Duration stale, Clock clock, DiskSpace disk) {
        this(catalog, events, limits, handlerList, stale, clock, disk, hostName() + "-" + ProcessHandle.current().pid());
    }

    /** {@code node}: this node's name ({@code node.name}), the first part of this engine's {@link #workerId}. */
    public JobEngine(Catalog catalog, EventBus events, Map<JobKind, Integer> limits, List<JobHandler> handlerList,
                     Duration stale, Clock clock, DiskSpace disk, String node) {
        this.catalog = catalog;
        this.disk = new DiskPause(disk);
        this.events = events;
        this.limits = new EnumMap<>(limits);
        this.stale = stale;
        this.clock = clock;
        for (JobHandler h : handlerList) {
            if (handlers.put(h.kind(), h) != null) {
                throw new IllegalStateException("two handlers registered for job kind '" + h.kind().id() + "'");
            }
        }
        for (JobKind k : JobKind.values()) {
            if (!handlers.containsKey(k)) {
                throw new IllegalStateException("no handler registered for job kind '" + k.id() + "'");
            }
            if (this.limits.getOrDefault(k, 0) < 1) {
                throw new IllegalStateException("no concurrency limit configured for job kind '" + k.id() + "'");
            }
            running.put(k, 0);
        }
        this.workerId = node + "/" + ProcessHandle.current().pid() + "@" + hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Who runs the jobs this engine claims: {@code node/pid@host/run}, unique per run of a process, so a job
     * names the node that ran it ({@link #nodeOf}) and the process (for {@link #reclaim} on the same host).
     */
    public String workerId() {
        return workerId;
    }

    /** The node named by a job's worker id ({@link #workerId}); a worker id of an older version names its host. */
    public static String nodeOf(String workerId) {
        int run = workerId.lastIndexOf('/');
        int process = run < 0 ? -1 : workerId.lastIndexOf('/', run - 1);
        if (process > 0) return workerId.substring(0, process);
        int at = workerId.indexOf('@');
        return at < 0 ? workerId : workerId.substring(at + 1, run < 0 ? workerId.length() : run);
    }

    /** Runs the whole queue: starts the dispatcher and heartbeat threads; reclaims jobs left running by dead workers first. */
    public void start() {
        wholeQueue = true;
        launch();
        signal();
    }

    /**
     * Runs job {@code jobId} (and its retries) in this engine, and nothing else unless {@link #start} asked for the
     * whole queue: a process waiting for its own job must not pick up the follow-up work that job queues, which
     * would still be running when the process exits.
     */
    public void follow(long jobId) {
        followed.add(jobId);
        launch();
        signal();
    }

    /** Stops claiming a job {@link #follow}ed (it ended, or nobody waits for it any more). */
    public void unfollow(long jobId) {
        followed.remove(jobId);
    }

    private void launch() {
        if (!started.compareAndSet(false, true)) return;
        reclaim();
        int total = limits.values().stream().mapToInt(Integer::intValue).sum();
        workers = Executors.newFixedThreadPool(total, r -> {
            Thread t = new Thread(r, "job-worker");
            t.setDaemon(true);
            return t;
        });
        // Jobs queued by another node wake this one at once; the poll stays for when a message is lost.
        jobsQueued = catalog.channel().map(ch -> ch.listen(JOBS_CHANNEL, payload -> signal())).orElse(null);
        dispatcher = Thread.ofPlatform().name("job-dispatcher").daemon(true).start(this::dispatchLoop);
        heart = Thread.ofPlatform().name("job-heartbeat").daemon(true).start(this::heartbeatLoop);
        startHooks.forEach(Runnable::run);
    }

    /** Runs {@code hook} when this engine starts (once, in the starting thread: it must not block). */
    public void onStart(Runnable hook) {
        startHooks.add(hook);
    }

    /** Wakes the dispatcher (after an enqueue) instead of waiting for the next poll. */
    public void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels a job: a queued one never runs, a running one is stopped (its ffmpeg killed), here or
     * in whichever process runs it (that process notices at its next heartbeat).
     */
    public boolean cancel(long jobId) {
        return cancel(jobId, s -> {});
    }

    /** {@link #cancel(long)}, with {@code also} written in the cancelling transaction (when it cancels). */
    public boolean cancel(long jobId, java.util.function.Consumer<org.thatdam.catalog.CatalogSession> also) {
        boolean changed = catalog.write(s -> {
            boolean c = s.jobs().cancel(jobId, clock.millis());
            if (c) also.accept(s);
            return c;
        });
        Running r = active.get(jobId);
        if (r != null) r.cancelled.set(true);
        if (changed) {
            catalog.read(s -> s.jobs().find(jobId)).ifPresent(this::publishState);
        }
        return changed;
    }

    // ------------------------------------------------------------------ dispatching

    private void dispatchLoop() {
        long lastReclaim = System.nanoTime();
        while (!stopping) {
            try {
                boolean claimed = claimAndRun();
                if (System.nanoTime() - lastReclaim > stale.toNanos() / 2) {
                    reclaim();
                    lastReclaim = System.nanoTime();
                }
                if (!claimed) {
                    lock.lock();
                    try {
                        wake.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (IoErrors.isDiskFull(e)) {
                    disk.full(e);   // the catalog could not be written: reported once, not per poll
                } else {
                    LOG.error("job dispatcher: {}", e.getMessage(), e);
                }
                sleepQuietly(POLL);
            }
        }
    }

    /** Claims at most one job for the kinds with a free slot; true if one was started. */
    private boolean claimAndRun() {
        Set<String> free = new HashSet<>();
        boolean mayWrite = disk.allowsWrites();
        synchronized (running) {
            for (JobKind k : JobKind.values()) {
                if (running.get(k) < limits.get(k) && (mayWrite || !k.writesFiles())) free.add(k.id());
            }
        }
        if (free.isEmpty()) return false;
        Optional<Job> claimed;
        if (wholeQueue) {
            claimed = catalog.writeShared(s -> s.jobs().claim(free, workerId, clock.millis()));
        } else {
            List<Long> ids = List.copyOf(followed);
            if (ids.isEmpty()) return false;
            claimed = catalog.writeShared(s -> s.jobs().claimAmong(free, ids, workerId, clock.millis()));
        }
        if (claimed.isEmpty()) return false;
        Job job = claimed.get();
        JobKind kind = JobKind.parse(job.kind());
        synchronized (running) {
            running.merge(kind, 1, Integer::sum);
        }
        Running r = new Running(job);
        active.put(job.id(), r);
        // A cancel that came between the claim and the line above found no run to stop: look again.
        if (catalog.read(s -> s.jobs().find(job.id())).map(j -> j.state() != JobState.RUNNING).orElse(true)) {
            r.cancelled.set(true);
        }
        publishState(job);
        workers.execute(() -> {
            try {
                execute(r, kind);
            } catch (RuntimeException e) {
                // Recording the outcome failed (the catalog): the job stays running and is reclaimed as stale.
                if (IoErrors.isDiskFull(e)) disk.full(e);
                else LOG.error("job {} {}: recording its outcome failed: {}", job.id(), kind.id(), e.getMessage(), e);
            } finally {
                active.remove(job.id(), r); // a retry of the same job may already be registered
                synchronized (running) {
                    running.merge(kind, -1, Integer::sum);
                }
                signal();
            }
        });
        return true;
    }

    private void execute(Running r, JobKind kind) {
        Job job = r.job;
        long started = System.nanoTime();
        try {
            handlers.get(kind).run(r);
            if (r.cancelled.get()) {
                stopped(job);
            } else {
                finish(job, JobState.DONE, null);
                LOG.debug("job {} {} done in {} ms", job.id(), kind.id(), (System.nanoTime() - started) / 1_000_000);
            }
        } catch (JobSkippedException e) {
            if (r.cancelled.get()) stopped(job);
            else finish(job, JobState.SKIPPED, e.getMessage());
        } catch (ToolRunner.CancelledException e) {
            stopped(job);
        } catch (Exception e) {
            if (IoErrors.isDiskFull(e) && !r.cancelled.get()) {
                // Not the job's fault: it waits, attempt not counted, until the disk has room again.
                disk.full(e);
                long now = clock.millis();
                catalog.writeShared(s -> {
                    s.jobs().release(job.id(), workerId, "waiting for disk space", now);
                    return null;
                });
                catalog.read(s -> s.jobs().find(job.id())).ifPresent(this::publishState);
            } else if (e instanceof PermanentJobException || e instanceof MediaException) {
                // Another attempt would read the same bytes and fail the same way: no retry storm.
                finish(job, JobState.FAILED, e.getMessage());
            } else {
                failed(r, kind, e);
            }
        } catch (Error e) {
            // Out of memory, a stack overflow…: this job fails (no retry: the same input would do it
            // again) and the worker thread lives on. The details go to the log, not to the user.
            LOG.error("job {} {} stopped by {}", job.id(), kind.id(), e.getClass().getName(), e);
            if (r.cancelled.get()) stopped(job);
            else finish(job, JobState.FAILED, crashed(e));
        }
    }

    /** What a user is told about a job a JVM error stopped. */
    static String crashed(Error e) {
        String what = e instanceof OutOfMemoryError ? "ran out of memory"
                : e instanceof StackOverflowError ? "ran out of stack (its input is nested too deeply)"
                : "hit an internal error";
        return "the job " + what + " and was stopped; the server log has the details";
    }

    /** A transient failure: retried with backoff while attempts are left. */
    private void failed(Running r, JobKind kind, Exception e) {
        Job job = r.job;
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (r.cancelled.get()) {
            stopped(job);
        } else if (job.attempts() < job.maxAttempts()) {
            // 1 s, 2 s, 4 s … capped at 5 min
            long backoff = Math.min(300_000L, 1_000L << Math.min(Math.max(job.attempts() - 1, 0), 10));
            catalog.writeShared(s -> {
                s.jobs().requeue(job.id(), workerId, error, clock.millis() + backoff, clock.millis());
                return null;
            });
            LOG.warn("job {} {} failed (attempt {} of {}), retrying in {} s: {}", job.id(), kind.id(),
                    job.attempts(), job.maxAttempts(), backoff / 1000, error);
            catalog.read(s -> s.jobs().find(job.id())).ifPresent(this::publishState);
        } else {
            LOG.warn("job {} {} failed for good after {} attempts: {}", job.id(), kind.id(), job.attempts(), error);
            finish(job, JobState.FAILED, error);
        }
    }

    /** A job that stopped early: cancelled by a user, or interrupted by this engine shutting down (then it runs again later). */
    private void stopped(Job job) {
        if (stopping) {
            long now = clock.millis();
            catalog.writeShared(s -> {
                s.jobs().requeue(job.id(), workerId, "engine stopped; requeued", now, now);
                return null;
            });
            catalog.read(s -> s.jobs().find(job.id())).ifPresent(this::publishState);
        } else {
            finish(job, JobState.CANCELLED, "cancelled");
        }
    }

    private void finish(Job job, JobState state, String error) {
        catalog.writeShared(s -> {
            s.jobs().finish(job.id(), workerId, state, error, clock.millis());
            return null;
        });
        catalog.read(s -> s.jobs().find(job.id())).ifPresent(this::publishState);
    }

    private void publishState(Job j) {
        events.publish(new DamEvent.JobStateChanged(j.id(), j.kind(), j.assetId(), j.state().id(), j.error(), j.attempts()));
    }

    // ------------------------------------------------------------------ heartbeats and reclaiming

    private void heartbeatLoop() {
        while (!stopping) {
            sleepQuietly(HEARTBEAT);
            for (Running r : active.values()) {
                try {
                    boolean stillOurs = catalog.writeShared(s -> {
                        s.jobs().heartbeat(r.job.id(), r.progress, clock.millis());
                        return s.jobs().find(r.job.id())
                                .map(j -> j.state() == JobState.RUNNING && workerId.equals(j.workerId()))
                                .orElse(false);
                    });
                    if (!stillOurs) {
                        // Cancelled (here, before this run was registered, or in another process), retried,
                        // requeued as stale or deleted: this run no longer owns the job, so it stops.
                        r.cancelled.set(true);
                    }
                } catch (RuntimeException e) {
                    if (IoErrors.isDiskFull(e)) disk.full(e);
                    else LOG.warn("heartbeat for job {} failed: {}", r.job.id(), e.getMessage());
                }
            }
        }
    }

    /**
     * Jobs left running by a worker that is gone: on this host, a worker whose process no longer
     * exists; anywhere, one that stopped beating for {@code stale}.
     */
    void reclaim() {
        long now = clock.millis();
        int n = catalog.writeShared(s -> {
            int count = 0;
            for (Job j : s.jobs().list(JobState.RUNNING, 10_000)) {
                if (j.workerId() != null && !j.workerId().equals(workerId) && deadOnThisHost(j.workerId())
                        && s.jobs().reclaim(j.id(), j.workerId(), now)) {
                    count++;
                }
            }
            return count + s.jobs().reclaimStale(now - stale.toMillis(), now);
        });
        if (n > 0) {
            LOG.info("reclaimed {} job(s) left running by a worker that stopped (requeued, or failed with no attempt left)", n);
            signal();
        }
    }

    static boolean deadOnThisHost(String worker) {
        // [node/]pid@host/run: the node's name may be anything, so the process is read from the end
        int slash = worker.lastIndexOf('/');
        int from = slash < 0 ? -1 : worker.lastIndexOf('/', slash - 1) + 1;
        int at = worker.indexOf('@', Math.max(from, 0));
        if (slash < 0 || at < 0 || slash < at) return false;
        if (!worker.substring(at + 1, slash).equals(hostName())) return false;
        try {
            long pid = Long.parseLong(worker.substring(from, at));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String hostName() {
        String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        int at = name.indexOf('@');
        return at < 0 ? "localhost" : name.substring(at + 1);
    }

    // ------------------------------------------------------------------ waiting

    /** Counts of queued and running jobs in the whole catalog (all engines). */
    public long pending() {
        Map<JobState, Long> c = catalog.read(s -> s.jobs().counts());
        return c.get(JobState.QUEUED) + c.get(JobState.RUNNING);
    }

    /**
     * Why work that writes to the library's disk is paused (below the free-space floor, or a write
     * failed for lack of space), if it is.
     */
    public Optional<DiskFullException> diskPause() {
        return disk.paused();
    }

    /**
     * Blocks until no job is queued or running, or the timeout passes; true when idle.
     *
     * @throws DiskFullException when work is left but paused for disk space (a waiting caller would wait forever)
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            // Queued jobs waiting on a retry backoff still count: they will run.
            Map<JobState, Long> c = catalog.read(s -> s.jobs().counts());
            long pending = c.get(JobState.QUEUED) + c.get(JobState.RUNNING);
            if (pending == 0 && active.isEmpty()) return true;
            Optional<DiskFullException> full = disk.paused();
            if (full.isPresent()) {
                throw full.get().because(pending + " job(s) wait for space; free some and run `dam jobs wait` again");
            }
            if (c.get(JobState.RUNNING) == 0 && active.isEmpty()) {
                Optional<org.thatdam.catalog.JobRepository.Pause> pause = catalog.read(s -> s.jobs().pause());
                if (pause.isPresent()) throw pausedError(pause.get(), c.get(JobState.QUEUED) + " job(s) wait");
            }
            Thread.sleep(50); // a count in SQLite is cheap; a waiting `dam jobs wait` or scan --wait returns soon after the last job
        }
        return false;
    }

    /** Why waiting for queued work would never end: the queue is paused. */
    static DamException pausedError(org.thatdam.catalog.JobRepository.Pause pause, String what) {
        return DamException.conflict("the job queue is paused (by " + pause.by() + " at " + pause.at()
                + "): " + what + "; resume it with `dam jobs resume` or from the dashboard's Jobs page");
    }

    /**
     * Stops: claims nothing more, tells the running handlers to stop and waits for them to return (at most
     * {@link #STOP_WAIT}), so none is still at work (in ffmpeg, or in a model's native code) when the catalog
     * closes or the process exits; their jobs go back to the queue.
     */
    @Override
    public void close() {
        stopping = true;
        signal();
        if (dispatcher != null) {
            // It ends before the running jobs are told to stop, so no job starts behind their back.
            dispatcher.interrupt();
            joinQuietly(dispatcher, STOP_WAIT);
        }
        if (workers != null) {
            active.values().forEach(r -> r.cancelled.set(true));
            workers.shutdown();
            boolean ended = false;
            try {
                ended = workers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!ended) {
                LOG.warn("job(s) {} did not stop within {} s of being told to; interrupting them",
                        active.keySet(), STOP_WAIT.toSeconds());
                workers.shutdownNow();
            }
            // Jobs interrupted by shutdown go back to the queue for the next engine.
            long now = clock.millis();
            try {
                catalog.writeShared(s -> {
                    for (Job j : s.jobs().list(JobState.RUNNING, 10_000)) {
                        if (workerId.equals(j.workerId())) s.jobs().requeue(j.id(), workerId, "engine stopped; requeued", now, now);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                // The next engine reclaims them as its worker's process is gone.
                if (!IoErrors.isDiskFull(e)) throw e;
                LOG.warn("could not requeue this engine's running jobs (the disk is full); the next start will");
            }
        }
        if (heart != null) heart.interrupt();
        AutoCloseable l = jobsQueued;
        if (l != null) {
            try {
                l.close();
            } catch (Exception e) {
                LOG.debug("cannot stop listening for queued jobs: {}", e.toString());
            }
        }
    }

    private static void joinQuietly(Thread t, Duration max) {
        try {
            t.join(max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A job this engine runs: the handler's view of it. */
    private final class Running implements JobContext {
        final Job job;
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile double progress;
        private volatile long lastEvent;

        Running(Job job) {
            this.job = job;
        }

        @Override
        public Job job() {
            return job;
        }

        @Override
        public void progress(double fraction) {
            progress = Math.max(0, Math.min(1, fraction));
            long now = System.currentTimeMillis();
            if (now - lastEvent >= PROGRESS_EVENT_MS) {
                lastEvent = now;
                events.publish(new DamEvent.JobProgress(job.id(), job.kind(), job.assetId(), progress));
            }
        }

        @Override
        public BooleanSupplier cancelled() {
            return cancelled::get;
        }
    }
}
