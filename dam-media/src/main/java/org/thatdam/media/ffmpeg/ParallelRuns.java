package org.thatdam.media.ffmpeg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.thatdam.media.MediaException;

/**
 * Runs the parts of one analysis (chunks of a video, each its own ffmpeg) side by side: when one part fails, the
 * others stop at their next cancel check, and the failure reported is the part that failed, not the ones stopped
 * because of it.
 */
public final class ParallelRuns {

    private ParallelRuns() {}

    /** One part's work; {@code stop} says when to give up (the caller's cancel, or another part's failure). */
    @FunctionalInterface
    public interface Part<C, R> {
        R run(C part, BooleanSupplier stop) throws IOException;
    }

    /**
     * The results of every part, in the parts' order, at most {@code parallelism} at a time (one part runs on the
     * calling thread). {@code what} names the analysis in messages ("scene detection").
     */
    public static <C, R> List<R> all(List<C> parts, int parallelism, BooleanSupplier cancel, String what, Part<C, R> work)
            throws IOException {
        if (parts.size() == 1) {
            return List.of(work.run(parts.get(0), cancel));
        }
        AtomicBoolean failed = new AtomicBoolean();
        BooleanSupplier stop = () -> failed.get() || (cancel != null && cancel.getAsBoolean());
        List<R> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parts.size(), parallelism)),
                Thread.ofVirtual().factory())) {
            List<Future<R>> futures = new ArrayList<>();
            for (C part : parts) {
                futures.add(pool.submit(() -> {
                    try {
                        return work.run(part, stop);
                    } catch (IOException | RuntimeException e) {
                        failed.set(true); // the other parts stop at their next cancel check
                        throw e;
                    }
                }));
            }
            Exception first = null;
            for (Future<R> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    Exception cause = e.getCause() instanceof IOException | e.getCause() instanceof RuntimeException
                            ? (Exception) e.getCause() : new MediaException(what + " failed: " + e.getCause(), e.getCause());
                    if (first == null || first instanceof ToolRunner.CancelledException) {
                        first = cause;
                    }
                } catch (InterruptedException e) {
                    failed.set(true);
                    Thread.currentThread().interrupt();
                    throw new ToolRunner.CancelledException(what + " was interrupted");
                }
            }
            if (first != null) {
                if (cancel != null && cancel.getAsBoolean()) throw new ToolRunner.CancelledException(what + " was cancelled");
                if (first instanceof IOException io) throw io;
                throw (RuntimeException) first;
            }
        }
        return results;
    }

    /** {@link #all} for parts that throw no checked exception. */
    public static <C, R> List<R> allUnchecked(List<C> parts, int parallelism, BooleanSupplier cancel, String what,
                                              Part<C, R> work) {
        try {
            return all(parts, parallelism, cancel, what, work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
