package org.thatdam.cli.tui;

import java.time.Duration;

/**
 * Runs an action on the UI thread once things have been quiet for a while: after the last of a burst
 * of keys or events, but at the latest {@code most} after the first, so a steady stream (a long scan)
 * still refreshes. At most one wait is pending, so a burst costs one worker, not one per event.
 * Used on the UI thread only.
 */
final class Debounce {

    private final long quietNanos;
    private final long mostNanos;
    private boolean pending;
    private long first;
    private long last;

    Debounce(Duration quiet, Duration most) {
        this.quietNanos = quiet.toNanos();
        this.mostNanos = most.toNanos();
    }

    /** Something changed: {@code action} runs when it has been quiet for the delay. */
    void poke(Ui ui, Runnable action) {
        last = System.nanoTime();
        if (pending) return;
        pending = true;
        first = last;
        wait(ui, quietNanos, action);
    }

    private void wait(Ui ui, long nanos, Runnable action) {
        ui.load(() -> {
            Thread.sleep(Duration.ofNanos(Math.max(0, nanos)));
            return Boolean.TRUE;
        }, done -> {
            long now = System.nanoTime();
            long left = last + quietNanos - now;
            if (left > 0 && now - first < mostNanos) {
                wait(ui, Math.min(left, first + mostNanos - now), action);
                return;
            }
            pending = false;
            action.run();
        });
    }
}
