package org.thatdam.media.ffmpeg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.thatdam.media.MediaException;
import org.thatdam.model.DamException;

/**
 * Runs ffmpeg/ffprobe as a child process from an argument list (never a shell string), with a
 * timeout, bounded capture of stdout and a tail of stderr, and a kill of the whole process tree
 * on timeout, cancel or interrupt. Children are started by {@link ChildProcess}, so they also die
 * when this process dies, and their resident memory is watched (a generous ceiling for every run,
 * a tight one where the caller asks).
 */
public final class ToolRunner {

    /** Stdout beyond this is an error: no probe answer of a sane file is that large. */
    static final int MAX_STDOUT = 32 * 1024 * 1024;
    static final int STDERR_TAIL = 16 * 1024;
    /**
     * The memory ceiling of a run that sets none: far above what any of our own commands needs
     * (a 4K decode with frame threads stays under 2 GiB), so it only stops a runaway.
     */
    public static final long DEFAULT_MAX_MEMORY = 8L * 1024 * 1024 * 1024;
    /**
     * The memory of the tree is read every this many polls of 100 ms: a tight limit every 200 ms,
     * the default ceiling once a second (listing descendants reads every process's /proc entry).
     */
    private static final int MEMORY_POLL_EVERY = 2;
    private static final int DEFAULT_MEMORY_POLL_EVERY = 10;

    private ToolRunner() {}

    /** Runs and returns however it ended; throws only when it cannot start, times out or is interrupted. */
    public static ProcessResult run(Tool tool, List<String> args, Duration timeout) {
        return run(tool, args, timeout, null, null);
    }

    /**
     * @param stdoutLines when not null, stdout is streamed line by line to it (for {@code -progress pipe:1})
     *                    instead of being captured
     * @param cancel      when not null and it reports true, the process tree is killed
     */
    public static ProcessResult run(Tool tool, List<String> args, Duration timeout,
                                    Consumer<String> stdoutLines, java.util.function.BooleanSupplier cancel) {
        return run(tool, args, timeout, stdoutLines == null ? null : in -> pumpLines(in, stdoutLines), cancel, null);
    }

    /** Reads a child's stdout as it comes (raw video frames, say); runs on its own thread. */
    @FunctionalInterface
    public interface StdoutReader {
        void read(InputStream stdout) throws IOException;
    }

    /**
     * The general form.
     *
     * @param stdout     when not null, it is handed the live stdout instead of it being captured; if it throws,
     *                   the process is killed and the error is reported as a {@link MediaException}. This call
     *                   returns only once it has (also when the run is cancelled or times out): it is the caller's
     *                   code, possibly deep in native code on the last frame read
     * @param cancel     when not null and it reports true, the process tree is killed
     * @param workingDir when not null, the child's working directory (so stray relative files land there)
     */
    public static ProcessResult run(Tool tool, List<String> args, Duration timeout, StdoutReader stdout,
                                    java.util.function.BooleanSupplier cancel, java.nio.file.Path workingDir) {
        return run(tool, args, timeout, stdout, cancel, workingDir, DEFAULT_MAX_MEMORY);
    }

    /**
     * The general form with a memory ceiling.
     *
     * @param maxMemoryBytes the most resident memory the process tree may use; beyond it the tree is
     *                       killed and a {@link MemoryLimitException} thrown (checked about every 200 ms)
     */
    public static ProcessResult run(Tool tool, List<String> args, Duration timeout, StdoutReader stdout,
                                    java.util.function.BooleanSupplier cancel, java.nio.file.Path workingDir,
                                    long maxMemoryBytes) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(tool.executable().toString());
        command.addAll(args);
        long start = System.nanoTime();
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(tool.environment());
            if (workingDir != null) pb.directory(workingDir.toFile());
            p = ChildProcess.start(pb);
            if (ChildProcess.guard() == ChildProcess.Guard.PDEATHSIG) {
                p.getOutputStream().close(); // nothing to say on stdin: ffmpeg must never wait for a key press
            } // else stdin is the watchdog's pipe, open while we live (the tool itself reads /dev/null)
        } catch (IOException e) {
            throw new MediaException("cannot start " + tool.name() + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TailBuffer err = new TailBuffer(STDERR_TAIL);
        var readerError = new java.util.concurrent.atomic.AtomicReference<Exception>();
        Thread outPump = Thread.ofVirtual().start(() -> {
            if (stdout != null) {
                try (InputStream in = p.getInputStream()) {
                    stdout.read(in);
                    in.transferTo(java.io.OutputStream.nullOutputStream()); // never block the child on a full pipe
                } catch (IOException | RuntimeException e) {
                    readerError.set(e);
                    p.destroyForcibly();
                }
            } else {
                pump(p.getInputStream(), out, MAX_STDOUT);
            }
        });
        Thread errPump = Thread.ofVirtual().start(() -> pumpTail(p.getErrorStream(), err));
        try {
            long deadline = start + timeout.toNanos();
            boolean watchMemory = maxMemoryBytes > 0 && ProcessMemory.available();
            int pollEvery = maxMemoryBytes >= DEFAULT_MAX_MEMORY ? DEFAULT_MEMORY_POLL_EVERY : MEMORY_POLL_EVERY;
            int polls = 0;
            while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    killTree(p);
                    throw new MediaException(FfmpegFailure.timedOut(tool.name(), timeout));
                }
                if (cancel != null && cancel.getAsBoolean()) {
                    killTree(p);
                    throw new CancelledException(tool.name() + " was cancelled");
                }
                if (watchMemory && ++polls % pollEvery == 0
                        && ProcessMemory.treeRssBytes(p.toHandle()) > maxMemoryBytes) {
                    killTree(p);
                    throw new MemoryLimitException(tool.name(), maxMemoryBytes);
                }
            }
            if (stdout == null) outPump.join(Duration.ofSeconds(5));
            errPump.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new CancelledException(tool.name() + " was interrupted");
        } finally {
            // The process is gone (ended or killed): the reader sees the end of its stream after the item in hand.
            if (stdout != null) joinUninterruptibly(outPump);
        }
        if (readerError.get() != null) {
            Exception e = readerError.get();
            if (e instanceof DamException de) throw de; // the reader's own verdict, with its code
            throw new MediaException("reading " + tool.name() + " output failed: " + e.getMessage(), e);
        }
        if (out.size() >= MAX_STDOUT) {
            throw new MediaException(tool.name() + " produced more than " + MAX_STDOUT + " bytes of output");
        }
        return new ProcessResult(p.exitValue(), out.toByteArray(), err.text(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Starts a long-lived child that talks with us over its stdin and stdout (a media worker), guarded
     * by {@link ChildProcess} so that it dies with this process; the child must also end by itself
     * when its stdin reaches end of file. The caller owns the streams and ends it with {@link #killTree}.
     */
    public static Process startConversing(ProcessBuilder pb) throws IOException {
        return ChildProcess.startConversing(pb);
    }

    /** Throws {@link CancelledException} when {@code cancel} (may be null) says so; between runs of a job. */
    public static void checkCancelled(java.util.function.BooleanSupplier cancel) {
        if (cancel != null && cancel.getAsBoolean()) {
            throw new CancelledException("cancelled");
        }
    }

    /** Kills the process and every descendant (ffmpeg may spawn none, but a configured wrapper might). */
    public static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(InputStream in, ByteArrayOutputStream out, int max) {
        byte[] buf = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (out.size() < max) {
                    out.write(buf, 0, Math.min(n, max - out.size()));
                }
            }
        } catch (IOException ignored) {
            // the process went away; what was read is what there is
        }
    }

    private static void pumpLines(InputStream in, Consumer<String> lines) {
        var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = r.readLine()) != null) {
                lines.accept(line);
            }
        } catch (IOException ignored) {
            // the process went away
        }
    }

    private static void pumpTail(InputStream in, TailBuffer tail) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                tail.append(buf, n);
            }
        } catch (IOException ignored) {
            // the process went away
        }
    }

    /** Keeps the last {@code capacity} bytes written to it. */
    static final class TailBuffer {
        private final byte[] ring;
        private long written;

        TailBuffer(int capacity) {
            ring = new byte[capacity];
        }

        synchronized void append(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                ring[(int) (written++ % ring.length)] = b[i];
            }
        }

        synchronized String text() {
            int len = (int) Math.min(written, ring.length);
            byte[] out = new byte[len];
            int start = (int) ((written - len) % ring.length);
            for (int i = 0; i < len; i++) {
                out[i] = ring[(start + i) % ring.length];
            }
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    /** The process tree used more resident memory than allowed and was killed. */
    public static final class MemoryLimitException extends MediaException {
        private final long limitBytes;

        public MemoryLimitException(String toolName, long limitBytes) {
            super(FfmpegFailure.overMemory(toolName, limitBytes));
            this.limitBytes = limitBytes;
        }

        public long limitBytes() {
            return limitBytes;
        }
    }

    /** The run was cancelled or interrupted; the process tree is gone. */
    public static final class CancelledException extends MediaException {
        public CancelledException(String message) {
            super(message);
        }
    }
}
