package org.thatdam.core.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogException;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.storage.IoErrors;

/**
 * The catalog changes of a scan's files, committed in groups: one transaction (one fsync) for up to
 * {@code maxFiles} files, or for what arrived within {@code maxAge} of the group's first file,
 * whichever comes first. A crash loses at most the groups not yet committed, which the next scan
 * redoes (every change re-reads what it depends on inside the transaction, so redoing is harmless).
 * Each file's change runs in a savepoint: one that fails is undone alone and the others commit.
 * What a change returns (events, counters) runs only once its group is committed. Groups commit
 * in the order they were closed, by the thread that filled one, or by a timer when no more files
 * come; {@link #close()} commits the last one.
 */
final class CommitGroups implements AutoCloseable {

    /**
     * Test hook, never set in use: {@code -Ddam.scan.holdGroupAt=N} stops the scan for good right after
     * the scan's N-th file was written into its group, before that group commits (it says so on stderr),
     * so that a test can kill the process in the middle of a group.
     */
    static final String HOLD_PROPERTY = "dam.scan.holdGroupAt";
    static final String HOLDING = "holding an open commit group";

    /** One file's catalog change, written inside a group's transaction. */
    @FunctionalInterface
    interface Change {
        /** Writes the change; the returned action runs once the group committed. */
        Runnable write(CatalogSession s);
    }

    /** Where a file's failure goes: its change threw, its group could not be committed, or its action threw. */
    @FunctionalInterface
    interface Failures {
        void failed(String path, RuntimeException e);
    }

    private record Pending(String path, Change change) {}

    private final Catalog catalog;
    private final int maxFiles;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private final Failures failures;
    /** Commits a group no further file completes; null when only {@link #commitIfDue()} does (tests). */
    private final ScheduledThreadPoolExecutor timer;
    private final int holdAt = Integer.getInteger(HOLD_PROPERTY, 0);

    private final Object lock = new Object();
    private List<Pending> open = new ArrayList<>();
    private long openedAt;
    private boolean closed;
    /** One group at a time, in the order they were closed. */
    private final ReentrantLock committing = new ReentrantLock();
    private int written;

    CommitGroups(Catalog catalog, int maxFiles, Duration maxAge, LongSupplier nanoClock, Failures failures, boolean timer) {
        this.catalog = catalog;
        this.maxFiles = maxFiles;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoClock = nanoClock;
        this.failures = failures;
        if (timer) {
            this.timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "scan-commit");
                t.setDaemon(true);
                return t;
            });
            this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        } else {
            this.timer = null;
        }
    }

    /** Adds a file's change to the open group; commits the group here when this file completes it. */
    void add(String path, Change change) {
        boolean due;
        synchronized (lock) {
            if (open.isEmpty()) opened();
            open.add(new Pending(path, change));
            due = closed || isDue();
        }
        if (due) commitIfDue();
    }

    /** Commits the open group if it is full or old enough (what the timer does). */
    void commitIfDue() {
        // Files that came while a group committed may have completed the next one.
        while (commitOne()) {
            // the next group
        }
    }

    /** Commits what is open now: the scan ended, was cancelled or stopped. Later changes commit one by one. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        try {
            commitIfDue();
        } finally {
            if (timer != null) timer.shutdown();
        }
    }

    /** Commits the oldest open group if it is due; false when there was none. */
    private boolean commitOne() {
        committing.lock();
        try {
            List<Pending> group;
            synchronized (lock) {
                if (open.isEmpty() || !(closed || isDue())) return false;
                int n = Math.min(open.size(), maxFiles);
                group = new ArrayList<>(open.subList(0, n));
                open = new ArrayList<>(open.subList(n, open.size()));
                if (!open.isEmpty()) opened();
            }
            List<Runnable> actions = write(group);
            for (int i = 0; i < group.size(); i++) {
                Runnable action = actions.get(i);
                if (action == null) continue;
                try {
                    action.run();
                } catch (RuntimeException e) {
                    failures.failed(group.get(i).path(), e);
                }
            }
            return true;
        } finally {
            committing.unlock();
        }
    }

    /**
     * Writes the group in one transaction, each change in a savepoint. When the transaction itself
     * fails (not a full disk, which would fail every retry), each change is tried again alone, so
     * that one file cannot cost the others. Returns each file's action, null where it failed.
     */
    private List<Runnable> write(List<Pending> group) {
        Runnable[] actions = new Runnable[group.size()];
        RuntimeException[] errors = new RuntimeException[group.size()];
        try {
            catalog.update(s -> {
                for (int i = 0; i < group.size(); i++) {
                    Change change = group.get(i).change();
                    try {
                        actions[i] = s.savepoint(x -> change.write(x));
                        errors[i] = null;
                    } catch (RuntimeException e) {
                        if (e instanceof CatalogException || IoErrors.isDiskFull(e)) throw e; // the transaction is lost
                        actions[i] = null;
                        errors[i] = e;
                    }
                    hold();
                }
            });
        } catch (RuntimeException e) {
            if (IoErrors.isDiskFull(e) || group.size() == 1) {
                group.forEach(p -> failures.failed(p.path(), e));
                return Arrays.asList(new Runnable[group.size()]);
            }
            List<Runnable> alone = new ArrayList<>(group.size());
            for (Pending p : group) alone.add(writeAlone(p));
            return alone;
        }
        for (int i = 0; i < group.size(); i++) {
            if (errors[i] != null) failures.failed(group.get(i).path(), errors[i]);
        }
        return Arrays.asList(actions);
    }

    /** One change in a transaction of its own; null when it failed. */
    private Runnable writeAlone(Pending p) {
        try {
            return catalog.write(s -> p.change().write(s));
        } catch (RuntimeException e) {
            failures.failed(p.path(), e);
            return null;
        }
    }

    /** The test hook: blocks the committing thread for good, its group open, once the N-th file is written. */
    private void hold() {
        written++;
        if (holdAt <= 0 || written != holdAt) return;
        System.err.println(HOLDING + " after file " + written + " (" + HOLD_PROPERTY + ")");
        System.err.flush();
        while (true) {
            LockSupport.park(this);
        }
    }

    private boolean isDue() {
        return open.size() >= maxFiles || nanoClock.getAsLong() - openedAt >= maxAgeNanos;
    }

    /** A group opens: its age counts from now, and the timer commits it when it is old enough. */
    private void opened() {
        openedAt = nanoClock.getAsLong();
        if (timer == null || closed) return;
        try {
            timer.schedule(this::commitIfDue, maxAgeNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing: close() commits what is open
        }
    }
}
