package org.thatdam.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.thatdam.media.derive.ProgressListener;

/** A one-line percentage on stderr for work done right here (not through the job queue); terminals only. */
final class TaskProgress implements ProgressListener, AutoCloseable {

    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private long lastDraw;
    private boolean drawn;

    TaskProgress(PrintWriter err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
    }

    @Override
    public synchronized void progress(double fraction) {
        long now = System.currentTimeMillis();
        if (!enabled || now - lastDraw < 100) return;
        lastDraw = now;
        err.print(String.format(Locale.ROOT, "\r%s %3.0f%%", label, Math.max(0, Math.min(1, fraction)) * 100));
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            err.print("\r" + " ".repeat(label.length() + 6) + "\r");
            err.flush();
        }
    }
}
