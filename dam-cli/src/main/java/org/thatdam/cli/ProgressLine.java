package org.thatdam.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.cli.format.Units;

/**
 * A one-line live status on stderr while a scan runs, redrawn in place. Only on a terminal
 * ({@code dam.tty} is set by the launcher when stderr is one): logs and pipes get no carriage returns.
 */
final class ProgressLine implements AutoCloseable {

    private final PrintWriter err;
    private final AutoCloseable subscription;
    private final long started = System.nanoTime();
    private int lastWidth;

    private ProgressLine(EventBus bus, PrintWriter err) {
        this.err = err;
        this.subscription = bus.subscribe(this::onEvent);
    }

    static AutoCloseable attach(EventBus bus, PrintWriter err, boolean enabled) {
        return enabled ? new ProgressLine(bus, err) : () -> { };
    }

    static boolean onTerminal() {
        return Boolean.getBoolean("dam.tty");
    }

    private synchronized void onEvent(DamEvent e) {
        if (e instanceof DamEvent.ScanProgress p) {
            double secs = Math.max(0.001, (System.nanoTime() - started) / 1e9);
            String bar = bar(p.scanned() + p.skipped(), secs);
            String line = String.format(Locale.ROOT, "%s %,d files (%.0f/s)  +%d new  ~%d updated  =%d unchanged  %d failed  %d deferred  %s",
                    bar, p.scanned(), p.scanned() / secs, p.added(), p.updated(), p.unchanged(), p.failed(), p.deferred(),
                    tail(p.currentPath(), 40));
            draw(line);
        }
    }

    /** The total is unknown while streaming the walk, so the bar is a moving marker, not a percentage. */
    private static String bar(long n, double secs) {
        int width = 12;
        int pos = (int) ((secs * 6) % (2 * width - 2));
        if (pos >= width) pos = 2 * width - 2 - pos;
        char[] c = " ".repeat(width).toCharArray();
        c[pos] = '#';
        return "[" + new String(c) + "]";
    }

    private static String tail(String path, int max) {
        String s = Units.clean(path == null ? "" : path);
        return s.length() <= max ? s : "…" + s.substring(s.length() - max + 1);
    }

    private void draw(String line) {
        String pad = lastWidth > line.length() ? " ".repeat(lastWidth - line.length()) : "";
        err.print("\r" + line + pad);
        err.flush();
        lastWidth = line.length();
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
