package org.thatdam.media.worker;

import java.time.Duration;
import java.util.Map;
import org.thatdam.model.DamException;

/**
 * How a {@link MediaWorkers} pool runs its workers.
 *
 * @param count          the most workers at a time (one request each); at least 1
 * @param idleStop       a worker idle this long is stopped, so an idle server or a finished run holds no memory
 * @param maxMemoryBytes a worker whose resident memory passes this is stopped, and its request fails
 * @param faults         test hook only: file name -> what the worker does instead of reading that file.
 *                       Never filled from user input or configuration
 * @param warmAfter      0: every request goes to a worker (started for it when none is idle). N: the first
 *                       N - 1 requests of the process are done by child processes (a worker's start costs
 *                       more than a few process starts save: a command that probes one file starts none);
 *                       from then on a worker is started in the background whenever none is idle, and a
 *                       request never waits for a start: a child process does it meanwhile
 */
public record WorkerOptions(int count, Duration idleStop, long maxMemoryBytes, Map<String, Fault> faults,
                            int warmAfter) {

    /** The system property that sizes {@link MediaWorkers#shared()}. */
    public static final String COUNT_PROPERTY = "dam.media.workers";
    public static final Duration DEFAULT_IDLE_STOP = Duration.ofSeconds(30);
    /** Far above a 4K decode, so only a runaway decoder meets it. */
    public static final long DEFAULT_MAX_MEMORY = 2L * 1024 * 1024 * 1024;

    /** A native crash (a real SIGSEGV in native code) or a request that never ends. */
    public enum Fault { ABORT, HANG }

    public WorkerOptions {
        count = Math.max(1, count);
        if (idleStop.isNegative() || idleStop.isZero()) throw DamException.invalid("the idle stop of media workers must be positive");
        if (maxMemoryBytes <= 0) throw DamException.invalid("the memory ceiling of media workers must be positive");
        faults = Map.copyOf(faults);
        warmAfter = Math.max(0, warmAfter);
    }

    /** {@code count} workers with the default idle stop and memory ceiling, no faults. */
    public static WorkerOptions of(int count) {
        return new WorkerOptions(count, DEFAULT_IDLE_STOP, DEFAULT_MAX_MEMORY, Map.of(), 0);
    }

    public WorkerOptions withIdleStop(Duration d) {
        return new WorkerOptions(count, d, maxMemoryBytes, faults, warmAfter);
    }

    public WorkerOptions withMaxMemoryBytes(long bytes) {
        return new WorkerOptions(count, idleStop, bytes, faults, warmAfter);
    }

    public WorkerOptions withFaults(Map<String, Fault> f) {
        return new WorkerOptions(count, idleStop, maxMemoryBytes, f, warmAfter);
    }

    public WorkerOptions withWarmAfter(int requests) {
        return new WorkerOptions(count, idleStop, maxMemoryBytes, faults, requests);
    }

    /**
     * The number of workers asked for by {@link #COUNT_PROPERTY}: the cores when unset or unreadable;
     * 0 means the caller should not use workers at all (child ffmpeg/ffprobe as before).
     */
    public static int configuredCount() {
        String v = System.getProperty(COUNT_PROPERTY);
        int cores = Runtime.getRuntime().availableProcessors();
        if (v == null || v.isBlank()) return cores;
        try {
            return Math.max(0, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            return cores;
        }
    }
}
