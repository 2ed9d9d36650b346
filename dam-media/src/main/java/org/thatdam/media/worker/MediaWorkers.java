package org.thatdam.media.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FileArg;
import org.thatdam.media.ffmpeg.ProcessMemory;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.libav.FrameRequest;
import org.thatdam.media.libav.FrameSink;
import org.thatdam.media.worker.Worker.LostException;
import org.thatdam.media.worker.WorkerProtocol.Message;
import org.thatdam.model.DamException;

/**
 * A pool of media worker processes: long-lived JVMs that probe and decode with libav* in-process,
 * so a file costs no process start, while a decoder crash or hang on a hostile file kills only its
 * worker (the file fails with a clear error, the worker is replaced).
 *
 * <p>Workers start on demand, one request each at a time, at most {@link WorkerOptions#count()};
 * one idle for {@link WorkerOptions#idleStop()} is stopped. Each is a child of this process that dies
 * with it ({@link ToolRunner#startConversing}); {@link #close()} and a shutdown hook stop them all.
 */
public final class MediaWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaWorkers.class);
    /** The subject of the messages of a worker stopped for time or memory. */
    private static final String WHO = "the media decoder";
    /** A worker that crashed has this long to finish its error report and exit. */
    static final Duration CRASH_EXIT = Duration.ofSeconds(10);
    /** A worker's JVM start and first answer; generous, for a loaded machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static volatile MediaWorkers shared;
    /**
     * The process-wide pool's {@link WorkerOptions#warmAfter}: a worker's start costs about as much CPU as
     * thirty ffprobe runs, so a command that reads a few files does better with child processes.
     */
    static final int WARM_AFTER = 8;
    /** Set by {@link #configure}; -1: not set. */
    private static volatile int configuredCount = -1;

    private final WorkerOptions options;
    private final WorkerCommand command;
    private final Semaphore slots;
    private final Deque<Worker> idle = new ArrayDeque<>();
    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService reaper;
    private final Thread hook = new Thread(this::close, "media-workers-stop");
    private final AtomicLong started = new AtomicLong(), crashed = new AtomicLong(), timedOut = new AtomicLong(),
            requests = new AtomicLong(), peakRss = new AtomicLong(), asked = new AtomicLong();
    /** Workers being started in the background. */
    private final java.util.concurrent.atomic.AtomicInteger starting = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    public MediaWorkers(WorkerOptions options) {
        this(options, List.of());
    }

    /** Tests: workers started with more JVM options. */
    MediaWorkers(WorkerOptions options, List<String> extraJvmOptions) {
        this.options = options;
        this.command = new WorkerCommand(options.faults(), extraJvmOptions);
        this.slots = new Semaphore(options.count(), true);
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("media-workers-idle").unstarted(r));
        long every = Math.clamp(options.idleStop().toMillis() / 4, 50, 5000);
        reaper.scheduleWithFixedDelay(this::stopIdle, every, every, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Sets how many workers the process-wide pool has (config {@code media.workers}; 0 = none: callers
     * run child ffmpeg/ffprobe instead). Takes effect for a pool not started yet; without it the
     * {@value WorkerOptions#COUNT_PROPERTY} system property, else the cores, decide.
     */
    public static void configure(int count) {
        if (count < 0) throw DamException.invalid("media workers must be 0 or more, not " + count);
        configuredCount = count;
    }

    /** The process-wide pool, or null when workers are switched off ({@link #configure}(0)). */
    public static MediaWorkers configured() {
        return count() == 0 ? null : shared();
    }

    /** The process-wide pool (at least one worker); workers start on first use. */
    public static MediaWorkers shared() {
        MediaWorkers w = shared;
        if (w == null) {
            synchronized (MediaWorkers.class) {
                w = shared;
                if (w == null) {
                    w = new MediaWorkers(WorkerOptions.of(Math.max(1, count())).withWarmAfter(WARM_AFTER));
                    shared = w;
                }
            }
        }
        return w;
    }

    private static int count() {
        int c = configuredCount;
        return c >= 0 ? c : WorkerOptions.configuredCount();
    }

    /** The worker reads the path as text: a name this platform cannot spell goes as a faithful link. */
    private static String path(Path file) {
        return FileArg.spelling(file).toString();
    }

    /** A piece of work that may throw {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * {@code viaWorkers} when there is a pool; {@code viaProcesses} (child ffmpeg/ffprobe, as before workers)
     * when there is none or no worker can start here (a full temporary folder, a machine too loaded to start
     * a JVM in time): the work is done either way.
     */
    public static <T, E extends Exception> T orProcesses(MediaWorkers workers, Work<T, E> viaWorkers,
                                                         Work<T, E> viaProcesses) throws E {
        if (workers != null && workers.ready()) {
            try {
                return viaWorkers.run();
            } catch (UnavailableException e) {
                LOG.warn("media workers unavailable, using a child process: {}", e.getMessage());
            }
        }
        return viaProcesses.run();
    }

    /** No worker process could be started here (as opposed to a file that failed one): callers may fall back to ffmpeg. */
    public static final class UnavailableException extends MediaException {
        UnavailableException(String why, Throwable cause) {
            super("cannot start a media worker: " + why, cause);
        }
    }

    /** Answers at once: the time to a worker's first answer includes its start when none is idle. */
    public void ping(Duration timeout) {
        call(null, timeout, null, false, (w, deadline) -> {
            w.send(Message.of(WorkerProtocol.PING));
            expect(w.receive(deadline, null), WorkerProtocol.PONG);
            return null;
        });
    }

    /** {@link org.thatdam.media.libav.LibavProbe#probeJson} in a worker. */
    public String probe(Path file, Duration timeout) {
        return call(file, timeout, null, true, (w, deadline) -> {
            Message m = Message.of(WorkerProtocol.PROBE);
            m.header().put("file", path(file));
            w.send(m);
            return expect(w.receive(deadline, null), WorkerProtocol.PROBED).header().path("json").asText();
        });
    }

    /**
     * {@link org.thatdam.media.libav.LibavFrames#decode} in a worker; frames reach {@code sink} in this
     * process. The time {@code sink} takes does not count against {@code timeout}. When it returns
     * false, the request ends there and the worker stays; what it throws reaches the caller.
     */
    public int frames(Path file, FrameRequest request, FrameSink sink, BooleanSupplier cancel, Duration timeout) {
        return call(file, timeout, cancel, false, (w, deadline) -> {
            w.send(WorkerProtocol.frameRequest(path(file), request));
            int handed = 0;
            long sinkNanos = 0;
            RuntimeException sinkError = null;
            boolean stopped = false;
            while (true) {
                Message m = w.receive(deadline + sinkNanos, cancel);
                switch (m.type()) {
                    case WorkerProtocol.DONE -> {
                        if (sinkError != null) throw sinkError;
                        return handed;
                    }
                    case WorkerProtocol.ERROR -> {
                        if (sinkError != null) throw sinkError;
                        if (stopped) return handed; // it noticed our stop as a cancel
                        throw WorkerProtocol.exceptionOf(m);
                    }
                    case WorkerProtocol.FRAME -> {
                        if (stopped) {
                            if (request.lazy()) w.send(Message.of(WorkerProtocol.STOP));
                            continue; // already on its way when we said stop
                        }
                        long t0 = System.nanoTime();
                        boolean more;
                        try {
                            more = sink.accept(WorkerProtocol.frameOf(m));
                            handed++;
                        } catch (IOException e) { // worded as in-process decoding words it
                            sinkError = new MediaException("cannot take frames: " + e.getMessage(), e);
                            more = false;
                        } catch (RuntimeException e) {
                            sinkError = e;
                            more = false;
                        }
                        sinkNanos += System.nanoTime() - t0;
                        if (more) {
                            if (request.lazy()) w.send(Message.of(WorkerProtocol.GO));
                        } else {
                            stopped = true;
                            w.send(Message.of(WorkerProtocol.STOP));
                        }
                    }
                    default -> throw unexpected(m);
                }
            }
        });
    }

    /** How workers are started (tests find the processes by its folder). */
    WorkerCommand command() {
        return command;
    }

    /** What the pool has done so far; the peak memory is brought up to date. */
    public WorkerStats stats() {
        notePeak();
        return new WorkerStats(started.get(), crashed.get(), timedOut.get(), requests.get(), live.size(), peakRss.get());
    }

    /**
     * {@link #frames} with a failure worded as the ffmpeg path words its own ("{@code what}: cause");
     * a cancel stays a cancel.
     */
    public int frames(String what, Path file, FrameRequest request, FrameSink sink, BooleanSupplier cancel,
                      Duration timeout) {
        try {
            return frames(file, request, sink, cancel, timeout);
        } catch (ToolRunner.CancelledException | UnavailableException e) {
            throw e;
        } catch (MediaException e) {
            throw new MediaException(what + ": " + e.getMessage(), e);
        }
    }

    /** Stops every worker; requests in progress fail. The pool cannot be used afterwards. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        notePeak();
        reaper.shutdownNow();
        List<Worker> all = new ArrayList<>(live);
        all.forEach(Worker::kill);
        live.clear();
        synchronized (idle) {
            idle.clear();
        }
        command.deleteFolder();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: this is the hook
        }
    }

    // --- requests -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Exchange<T> {
        T run(Worker w, long deadlineNanos) throws LostException;
    }

    /**
     * Runs one request on a worker of the pool, and turns a lost worker into the error the caller gets.
     *
     * @param again whether the request may be sent once more when its worker was killed from outside
     *              (SIGKILL, no crash report: the OOM killer or a person, likely for what earlier files made
     *              it hold): only for requests that hand nothing over before they answer
     */
    private <T> T call(Path file, Duration timeout, BooleanSupplier cancel, boolean again, Exchange<T> exchange) {
        if (closed) throw new ToolRunner.CancelledException("the media workers are stopped");
        acquireSlot(cancel);
        boolean held = true;
        Worker w = null;
        boolean reusable = false;
        try {
            w = take();
            long deadline = System.nanoTime() + timeout.toNanos(); // a worker's start is not the file's time
            requests.incrementAndGet();
            T result = exchange.run(w, deadline);
            reusable = true;
            return result;
        } catch (RuntimeException e) {
            // The worker answered (an error of the file, the sink's own): it is fine, unless it spoke out of turn.
            reusable = w != null && !(e instanceof OutOfTurnException) && w.process.isAlive();
            throw e;
        } catch (LostException e) {
            if (again && e.loss == Worker.Loss.CRASHED && !closed && command.killedFromOutside(w, CRASH_EXIT)) {
                LOG.warn("media worker {} was killed from outside while reading {}; asking a new one", w.pid(), name(file));
                crashed.incrementAndGet();
                w.kill();
                give(w, false);
                w = null;
                slots.release();
                held = false;
                return call(file, timeout, cancel, false, exchange);
            }
            throw lost(w, e.loss, file, timeout);
        } finally {
            if (w != null) give(w, reusable);
            if (held) slots.release();
        }
    }

    /** Waits for a free worker slot, giving up when the request is cancelled or the pool closes meanwhile. */
    private void acquireSlot(BooleanSupplier cancel) {
        try {
            while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (closed) throw new ToolRunner.CancelledException("the media workers are stopped");
                if (cancel != null && cancel.getAsBoolean()) throw new ToolRunner.CancelledException(WHO + " was cancelled");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolRunner.CancelledException(WHO + " was interrupted");
        }
    }

    private DamException lost(Worker w, Worker.Loss loss, Path file, Duration timeout) {
        if (closed) {
            w.kill();
            return new ToolRunner.CancelledException("the media workers are stopped");
        }
        return switch (loss) {
            case TIMEOUT -> {
                timedOut.incrementAndGet();
                w.kill();
                LOG.warn("media worker {} did not finish {} within {} s and was stopped", w.pid(), name(file), timeout.toSeconds());
                yield new MediaException(WHO + " did not finish within " + timeout.toSeconds()
                        + " s on this file and was stopped");
            }
            case CANCELLED -> {
                w.kill();
                yield new ToolRunner.CancelledException(WHO + " was cancelled");
            }
            case INTERRUPTED -> {
                w.kill();
                yield new ToolRunner.CancelledException(WHO + " was interrupted");
            }
            case MEMORY -> {
                w.kill();
                LOG.warn("media worker {} used more than {} MiB on {} and was stopped", w.pid(),
                        options.maxMemoryBytes() >> 20, name(file));
                yield new ToolRunner.MemoryLimitException(WHO, options.maxMemoryBytes());
            }
            case CRASHED -> {
                crashed.incrementAndGet();
                String why = command.crashCause(w, CRASH_EXIT, name(file));
                w.kill();
                yield new MediaException(file == null
                        ? "the media worker ended unexpectedly (" + why + ")"
                        : "the media decoder crashed on this file (" + why + "); the file could not be read");
            }
        };
    }

    private static String name(Path file) {
        return file == null ? "a request" : String.valueOf(file.getFileName());
    }

    private static Message expect(Message m, String type) {
        if (m.type().equals(type)) return m;
        if (m.type().equals(WorkerProtocol.ERROR)) throw WorkerProtocol.exceptionOf(m);
        throw unexpected(m);
    }

    private static MediaException unexpected(Message m) {
        return new OutOfTurnException(m.type());
    }

    /** The worker said something the request did not expect: it cannot be trusted with another. */
    private static final class OutOfTurnException extends MediaException {
        OutOfTurnException(String type) {
            super("the media worker answered out of turn (" + type + ")");
        }
    }

    // --- workers --------------------------------------------------------------------------------

    /**
     * Whether a request should go to a worker now (see {@link WorkerOptions#warmAfter}); when not, a worker
     * may be starting in the background for the next ones.
     */
    private boolean ready() {
        if (options.warmAfter() == 0) return true;
        if (asked.incrementAndGet() < options.warmAfter()) return false;
        synchronized (idle) {
            if (!idle.isEmpty()) return true;
        }
        startInBackground();
        return false;
    }

    /** Starts one more worker (up to the count) on a thread of its own; it joins the idle ones when it answers. */
    private void startInBackground() {
        int s = starting.get();
        if (closed || live.size() + s >= options.count() || !starting.compareAndSet(s, s + 1)) return;
        Thread.ofPlatform().daemon().name("media-worker-start").start(() -> {
            try {
                give(start(), true);
            } catch (RuntimeException e) {
                LOG.debug("a media worker did not start: {}", e.getMessage());
            } finally {
                starting.decrementAndGet();
            }
        });
    }

    /** An idle worker, or a new one. */
    private Worker take() {
        synchronized (idle) {
            while (!idle.isEmpty()) {
                Worker w = idle.pollFirst();
                if (w.process.isAlive()) return w;
                forget(w); // died while idle (killed from outside): replaced below
            }
        }
        return start();
    }

    /** A new worker that answered its first ping. */
    private Worker start() {
        Worker w;
        try {
            w = Worker.start(command.processBuilder(), options.maxMemoryBytes());
        } catch (IOException e) {
            throw new UnavailableException(e.getMessage(), e);
        }
        live.add(w);
        started.incrementAndGet();
        long t0 = System.nanoTime();
        try {
            // Its first answer: a worker that cannot start here is told apart from a file that crashes one.
            w.send(Message.of(WorkerProtocol.PING));
            expect(w.receive(t0 + START_TIMEOUT.toNanos(), () -> closed, false), WorkerProtocol.PONG);
        } catch (LostException | RuntimeException e) {
            forget(w);
            if (closed) throw new ToolRunner.CancelledException("the media workers are stopped");
            String why = e instanceof LostException l && l.loss == Worker.Loss.TIMEOUT
                    ? "no answer within " + START_TIMEOUT.toSeconds() + " s" : w.stderrTail();
            throw new UnavailableException(why.isBlank() ? "it ended at once" : why, null);
        }
        LOG.debug("media worker {} started in {} ms", w.pid(), (System.nanoTime() - t0) / 1_000_000);
        return w;
    }

    private void give(Worker w, boolean reusable) {
        if (reusable && !closed && w.process.isAlive()) {
            w.idleSinceNanos = System.nanoTime();
            synchronized (idle) {
                idle.addFirst(w); // the most recent first: the others go idle and stop
            }
        } else {
            forget(w);
        }
    }

    private void forget(Worker w) {
        notePeak();
        w.kill();
        live.remove(w);
    }

    private void stopIdle() {
        List<Worker> toStop = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (idle) {
            idle.removeIf(w -> {
                boolean stale = now - w.idleSinceNanos > options.idleStop().toNanos() || !w.process.isAlive();
                if (stale) toStop.add(w);
                return stale;
            });
        }
        if (toStop.isEmpty()) return;
        notePeak();
        for (Worker w : toStop) {
            w.stop();
            live.remove(w);
            LOG.debug("media worker {} stopped after {} s idle", w.pid(), options.idleStop().toSeconds());
        }
    }

    /** Sum of the live workers' VmHWM; kept when it is the largest seen. */
    private void notePeak() {
        long sum = 0;
        for (Worker w : live) sum += ProcessMemory.peakRssBytes(w.pid());
        peakRss.accumulateAndGet(sum, Math::max);
    }
}
