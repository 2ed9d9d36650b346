package org.thatdam.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.thatdam.core.Dam;
import org.thatdam.core.events.DamEvent;

/** Live job progress on stderr (a terminal only): queue counts and a bar per running job. */
final class JobProgressBar implements AutoCloseable {

    private final PrintWriter err;
    private final AutoCloseable subscription;
    private final Map<Long, String> running = new ConcurrentHashMap<>();
    private final Dam dam;
    private int lastWidth;
    private long lastDraw;

    private JobProgressBar(Dam dam, PrintWriter err) {
        this.dam = dam;
        this.err = err;
        this.subscription = dam.events().subscribe(this::onEvent);
    }

    static AutoCloseable attach(Dam dam, PrintWriter err, boolean enabled) {
        return enabled ? new JobProgressBar(dam, err) : () -> { };
    }

    private synchronized void onEvent(DamEvent e) {
        if (e instanceof DamEvent.JobProgress p) {
            running.put(p.jobId(), label(p.kind(), p.assetId()) + " " + bar(p.progress()));
        } else if (e instanceof DamEvent.JobStateChanged s) {
            if (s.state().equals("running")) running.put(s.jobId(), label(s.kind(), s.assetId()) + " " + bar(0));
            else running.remove(s.jobId());
        } else {
            return;
        }
        long now = System.currentTimeMillis();
        if (now - lastDraw < 100) return;
        lastDraw = now;
        long pending = dam.jobs().pending();
        String line = String.format(Locale.ROOT, "%d job(s) left  %s", pending, String.join("  ", running.values()));
        if (line.length() > 160) line = line.substring(0, 159) + "…";
        String pad = lastWidth > line.length() ? " ".repeat(lastWidth - line.length()) : "";
        err.print("\r" + line + pad);
        err.flush();
        lastWidth = line.length();
    }

    private static String label(String kind, Long assetId) {
        return kind + "#" + assetId;
    }

    private static String bar(double p) {
        int n = (int) Math.round(p * 10);
        return "[" + "#".repeat(n) + "-".repeat(10 - n) + "]";
    }

    @Override
    public synchronized void close() throws Exception {
        subscription.close();
        if (lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
        }
    }
}
