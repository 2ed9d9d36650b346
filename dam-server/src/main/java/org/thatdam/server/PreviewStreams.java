package org.thatdam.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.thatdam.core.capture.CaptureService;
import org.thatdam.media.capture.JpegFrame;
import org.thatdam.media.capture.LiveFeed;
import org.thatdam.media.capture.NoSignalFrame;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.LiveState;

/**
 * Sends live pictures to browsers: an endless {@code multipart/x-mixed-replace} stream of JPEGs per
 * viewer, or one still. Each viewer holds only the newest picture not yet sent: a slow client skips
 * pictures instead of making anything queue up, and never slows the source or another viewer. Every
 * open stream is a viewer of its source (the source stays open while watched) and holds a server
 * thread, so their number is limited; they all end when the server stops.
 */
final class PreviewStreams implements AutoCloseable {

    static final String BOUNDARY = "frame";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;
    static final int MAX_FPS = 60;
    /** Open streams of the whole server: each holds a thread of the server's pool while it lasts. */
    static final int MAX_STREAMS = 64;
    /** Without a picture for this long the viewer is shown "No signal" (and again as long as it lasts). */
    static final Duration NO_SIGNAL_EVERY = Duration.ofSeconds(1);
    /** How long a still waits for a source that is just starting. */
    static final Duration FIRST_PICTURE = Duration.ofSeconds(15);

    private final Set<Latest> open = ConcurrentHashMap.newKeySet();
    private final int noSignalWidth;
    private volatile byte[] noSignal;
    private volatile boolean closed;

    PreviewStreams(int previewWidth) {
        this.noSignalWidth = previewWidth;
    }

    static void headers(Context ctx) {
        ctx.status(200);
        ctx.contentType(CONTENT_TYPE);
        // a live picture is never to be kept, by the browser or a proxy
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Accel-Buffering", "no"); // nginx: pass each picture on at once
    }

    /** Streams {@code source} at most {@code fps} pictures a second until the client goes or the server stops. */
    void stream(Context ctx, CaptureService capture, String source, int fps) {
        if (closed) throw DamException.unavailable("the server is stopping", null);
        Latest latest = new Latest();
        if (!admit(latest)) {
            throw new DamException(ErrorCode.UNAVAILABLE, "the server already sends " + MAX_STREAMS
                    + " live previews; close one, or use the HLS preview");
        }
        try (CaptureService.Viewer viewer = capture.view(source)) {
            LiveFeed feed = viewer.feed();
            try (AutoCloseable subscription = feed.onPreview(latest::offer)) {
                headers(ctx);
                OutputStream out = ctx.res().getOutputStream();
                long gap = TimeUnit.SECONDS.toNanos(1) / fps;
                long sentAt = 0;
                JpegFrame first = feed.latestPreview();
                if (first != null && feed.state() != LiveState.NO_SIGNAL) {
                    part(out, first.jpeg());
                    sentAt = System.nanoTime();
                }
                while (!closed) {
                    JpegFrame f = latest.take(NO_SIGNAL_EVERY.toNanos());
                    if (closed) break;
                    if (f == null) {
                        part(out, noSignal());
                        continue;
                    }
                    long now = System.nanoTime();
                    if (sentAt != 0 && now - sentAt < gap) continue; // ?fps: this picture is skipped
                    part(out, f.jpeg());
                    sentAt = now;
                }
            } catch (IOException e) {
                // the viewer went away (closed the tab, lost the network): nothing more to send
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (DamException e) {
                throw e;
            } catch (Exception e) {
                // closing the subscription: the feed's own failure, not the viewer's
                throw new DamException(ErrorCode.INTERNAL, "the live preview of " + Params.abbreviate(source) + " failed", e);
            }
        } finally {
            open.remove(latest);
        }
    }

    /** The newest picture of {@code source}, waiting for the first one of a source that is starting. */
    void still(Context ctx, CaptureService capture, String source) throws InterruptedException {
        byte[] jpeg;
        try (CaptureService.Viewer viewer = capture.view(source)) {
            LiveFeed feed = viewer.feed();
            JpegFrame f = feed.latestPreview();
            if (f == null && feed.state() != LiveState.NO_SIGNAL) {
                Latest latest = new Latest();
                try (AutoCloseable subscription = feed.onPreview(latest::offer)) {
                    f = feed.latestPreview();
                    if (f == null) f = latest.take(FIRST_PICTURE.toNanos());
                } catch (InterruptedException | DamException e) {
                    throw e;
                } catch (Exception e) {
                    throw new DamException(ErrorCode.INTERNAL, "the picture of " + Params.abbreviate(source) + " failed", e);
                }
            }
            jpeg = f == null || feed.state() == LiveState.NO_SIGNAL ? noSignal() : f.jpeg();
        }
        ctx.header("Cache-Control", "no-store").contentType("image/jpeg").result(jpeg);
    }

    private boolean admit(Latest l) {
        synchronized (open) {
            if (open.size() >= MAX_STREAMS) return false;
            open.add(l);
            return true;
        }
    }

    /** Open streams (tests). */
    int openStreams() {
        return open.size();
    }

    private byte[] noSignal() {
        byte[] n = noSignal;
        if (n == null) noSignal = n = NoSignalFrame.jpeg(noSignalWidth, noSignalWidth * 9 / 16);
        return n;
    }

    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    /** One part: its headers (Content-Length, so a reader need not search for the boundary), the JPEG. */
    private static void part(OutputStream out, byte[] jpeg) throws IOException {
        out.write(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(jpeg);
        out.write(CRLF);
        out.flush();
    }

    /** Ends every stream (the server is stopping): each finishes its response and frees its thread. */
    @Override
    public void close() {
        closed = true;
        open.forEach(Latest::wake);
    }

    /** The newest picture not yet sent to one viewer: a new one replaces it, so nothing piles up. */
    private static final class Latest {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition arrived = lock.newCondition();
        private JpegFrame frame;
        private boolean woken;

        /** Called on the source's reader thread: never waits. */
        void offer(JpegFrame f) {
            lock.lock();
            try {
                frame = f;
                arrived.signal();
            } finally {
                lock.unlock();
            }
        }

        JpegFrame take(long nanos) throws InterruptedException {
            lock.lock();
            try {
                long left = nanos;
                while (frame == null && !woken && left > 0) left = arrived.awaitNanos(left);
                JpegFrame f = frame;
                frame = null;
                return f;
            } finally {
                lock.unlock();
            }
        }

        void wake() {
            lock.lock();
            try {
                woken = true;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
