package org.thatdam.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.thatdam.cli.format.Units;

/**
 * The live line of {@code dam upload} on a terminal's stderr: a bar over all files, bytes, speed
 * and time left, and the file being sent. Speed counts only what this run sent (a resumed file's
 * earlier bytes are done, not fast). Lines printed between redraws (a finished file) go through
 * {@link #println} so the bar never garbles them.
 */
final class UploadProgress implements AutoCloseable {

    private final PrintWriter err;
    private final boolean enabled;
    private final long total;
    private final long started = System.nanoTime();
    private long done;
    private long sent;
    private String current = "";
    private long lastDraw;
    private int lastWidth;

    UploadProgress(PrintWriter err, boolean enabled, long total) {
        this.err = err;
        this.enabled = enabled;
        this.total = total;
    }

    synchronized void file(String name, long alreadyOnServer) {
        current = name;
        done += alreadyOnServer;
        draw(true);
    }

    synchronized void sent(long bytes) {
        done += bytes;
        sent += bytes;
        draw(false);
    }

    /** Bytes the server already had that this run counted as sent (a retry sends them again). */
    synchronized void rewind(long bytes) {
        done -= bytes;
        sent -= bytes;
    }

    synchronized long bytesSent() {
        return sent;
    }

    synchronized double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Prints a line of output (stdout or stderr) with the bar out of its way. */
    synchronized void println(PrintWriter to, String line) {
        clear();
        to.println(line);
        to.flush();
        draw(true);
    }

    private void draw(boolean now) {
        long t = System.nanoTime();
        if (!enabled || !now && t - lastDraw < 100_000_000L) return;
        lastDraw = t;
        double secs = Math.max(0.001, seconds());
        double speed = sent / secs;
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int n = (int) Math.round(fraction * 20);
        String eta = speed > 0 && done < total ? "  " + Units.longDuration((total - done) / speed) + " left" : "";
        String line = String.format(Locale.ROOT, "[%s%s] %3.0f%%  %s / %s  %s/s%s  %s", "#".repeat(n), "-".repeat(20 - n),
                fraction * 100, Units.bytes(done), Units.bytes(total), Units.bytes((long) speed), eta, Units.clean(current));
        if (line.length() > 150) line = line.substring(0, 149) + "…";
        String pad = lastWidth > line.length() ? " ".repeat(lastWidth - line.length()) : "";
        err.print("\r" + line + pad);
        err.flush();
        lastWidth = line.length();
    }

    private void clear() {
        if (lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            lastWidth = 0;
        }
    }

    @Override
    public synchronized void close() {
        clear();
    }
}
