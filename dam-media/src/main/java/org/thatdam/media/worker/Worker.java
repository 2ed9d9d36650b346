package org.thatdam.media.worker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.media.ffmpeg.ProcessMemory;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.worker.WorkerProtocol.Message;

/** One worker process seen from the pool: its streams, a reader of its messages, its stderr in our log. */
final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** Lines of a worker's stderr kept for a failure to start, and how much of it reaches the log. */
    private static final int TAIL_LINES = 20, MAX_LOGGED_LINES = 10_000, MAX_LINE = 500;
    /** How often a waiting request looks at the clock, the cancel flag and the worker's memory (every 5th). */
    private static final long POLL_MS = 100;
    /** How often the worker's memory is read while it works (as child ffmpeg runs are watched). */
    private static final long MEMORY_EVERY_NANOS = 500_000_000L;
    /** When its memory was last read (System.nanoTime). */
    private long lastMemoryCheck = System.nanoTime();
    /** The end of the worker's stdout: it died or was killed. */
    private static final Message EOF = Message.of("eof");

    /** Why a request ended without an answer; the worker is unusable then. */
    enum Loss { TIMEOUT, CANCELLED, INTERRUPTED, CRASHED, MEMORY }

    static final class LostException extends Exception {
        final Loss loss;

        LostException(Loss loss) {
            super(loss.name(), null, false, false);
            this.loss = loss;
        }
    }

    final Process process;
    private final DataOutputStream in;
    /** Small: a slow consumer holds the worker back through the pipe rather than filling our heap. */
    private final BlockingQueue<Message> messages = new ArrayBlockingQueue<>(4);
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final long maxMemoryBytes;
    private final Thread errPump;
    volatile long idleSinceNanos = System.nanoTime();
    /** Stopped or killed by the pool: nobody reads its messages any more. */
    private volatile boolean discarded;

    private Worker(Process process, long maxMemoryBytes) {
        this.process = process;
        this.maxMemoryBytes = maxMemoryBytes;
        this.in = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        Thread.ofVirtual().name("worker-out-" + process.pid()).start(this::readMessages);
        errPump = Thread.ofVirtual().name("worker-err-" + process.pid()).start(this::logStderr);
    }

    static Worker start(ProcessBuilder pb, long maxMemoryBytes) throws IOException {
        return new Worker(ToolRunner.startConversing(pb), maxMemoryBytes);
    }

    long pid() {
        return process.pid();
    }

    void send(Message m) throws LostException {
        try {
            WorkerProtocol.write(in, m);
        } catch (IOException e) {
            throw new LostException(Loss.CRASHED); // its stdin is closed: it is gone
        }
    }

    /**
     * The worker's next message, waiting at most until {@code deadlineNanos}; watches {@code cancel}
     * (may be null) and the worker's memory meanwhile.
     */
    Message receive(long deadlineNanos, BooleanSupplier cancel) throws LostException {
        return receive(deadlineNanos, cancel, true);
    }

    /** @param watchMemory false while it starts: the ceiling is for what a file makes it use */
    Message receive(long deadlineNanos, BooleanSupplier cancel, boolean watchMemory) throws LostException {
        while (true) {
            Message m;
            try {
                m = messages.poll(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LostException(Loss.INTERRUPTED);
            }
            if (m == EOF) throw new LostException(Loss.CRASHED);
            // Checked whether or not a message came: a worker sending frames steadily is watched too.
            long now = System.nanoTime();
            if (now - deadlineNanos > 0) throw new LostException(Loss.TIMEOUT);
            if (cancel != null && cancel.getAsBoolean()) throw new LostException(Loss.CANCELLED);
            if (watchMemory && now - lastMemoryCheck >= MEMORY_EVERY_NANOS) {
                lastMemoryCheck = now;
                if (ProcessMemory.available() && ProcessMemory.treeRssBytes(process.toHandle()) > maxMemoryBytes) {
                    throw new LostException(Loss.MEMORY);
                }
            }
            if (m != null) return m;
        }
    }

    /** Asks the worker to end (it ends at the end of its stdin), and kills it if it does not do so at once. */
    void stop() {
        discarded = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    void kill() {
        discarded = true;
        ToolRunner.killTree(process);
    }

    /** The last lines the worker wrote to stderr, for a failure to start. */
    String stderrTail() {
        if (!process.isAlive()) {
            try {
                errPump.join(Duration.ofSeconds(1)); // what it said before it ended
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (stderrTail) {
            return String.join("; ", stderrTail);
        }
    }

    private void readMessages() {
        try (DataInputStream din = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
            Message m;
            while ((m = WorkerProtocol.read(din)) != null) {
                if (!hand(m)) return;
            }
        } catch (IOException e) {
            LOG.debug("media worker {}: its output ended: {}", process.pid(), e.getMessage());
        }
        hand(EOF);
    }

    /** Queues a message for the request in progress; false once the pool has let go of this worker. */
    private boolean hand(Message m) {
        try {
            while (!messages.offer(m, POLL_MS, TimeUnit.MILLISECONDS)) {
                if (discarded) return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void logStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                if (line.length() > MAX_LINE) line = line.substring(0, MAX_LINE) + "…";
                synchronized (stderrTail) {
                    if (stderrTail.size() == TAIL_LINES) stderrTail.removeFirst();
                    stderrTail.addLast(line);
                }
                if (++n <= MAX_LOGGED_LINES) {
                    LOG.debug("media worker {}: {}", process.pid(), line);
                } else if (n == MAX_LOGGED_LINES + 1) {
                    LOG.debug("media worker {}: further output is not logged", process.pid());
                }
            }
        } catch (IOException ignored) {
            // the worker is gone
        }
    }
}
