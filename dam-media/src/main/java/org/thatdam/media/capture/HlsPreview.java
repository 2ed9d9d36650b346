package org.thatdam.media.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.FrameRate;

/**
 * An HLS preview of a live feed for remote viewers or many of them, started when first asked for:
 * an ffmpeg fed the feed's raw frames through a socket (the source is not opened again) writes
 * one-second segments, six at most, into a private temporary folder. Only the playlist and
 * segment names are served from it. It stops after {@link #IDLE} without a request, and its folder
 * goes with it.
 */
public final class HlsPreview implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HlsPreview.class);

    public static final String PLAYLIST = "index.m3u8";
    static final Pattern SEGMENT = Pattern.compile("seg\\d{1,9}\\.ts");
    static final Duration PLAYLIST_WAIT = Duration.ofSeconds(10);
    static final Duration IDLE = Duration.ofSeconds(30);
    /** Raw frames waiting for the encoder; more are dropped (a preview may skip, never stall the feed). */
    static final long QUEUE_BYTES = 32L * 1024 * 1024;
    /** An HLS preview is never a long job for one ffmpeg run's timeout: idle stops it long before. */
    private static final Duration MAX_RUN = Duration.ofHours(25);

    private final LiveFeed feed;
    private final RawFormat format;
    private final Path dir;
    private final UnixSockets sockets;
    private final Duration idle;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Object lock = new Object();
    private final ArrayDeque<VideoFrame> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long dropped;
    private volatile long lastRequest = System.nanoTime();
    private volatile boolean closed;
    private volatile String error;
    private AutoCloseable subscription;

    private HlsPreview(LiveFeed feed, RawFormat format, Path dir, UnixSockets sockets, Duration idle) {
        this.feed = feed;
        this.format = format;
        this.dir = dir;
        this.sockets = sockets;
        this.idle = idle;
    }

    public static HlsPreview start(LiveFeed feed, FfmpegTools tools) {
        return start(feed, tools, IDLE);
    }

    static HlsPreview start(LiveFeed feed, FfmpegTools tools, Duration idle) {
        RawFormat format = feed.format();
        Path dir;
        try {
            dir = Files.createTempDirectory("dam-hls-"); // owner only on POSIX
        } catch (IOException e) {
            throw new DamException(ErrorCode.UNAVAILABLE, "cannot make a folder for the HLS preview: " + e.getMessage(), e);
        }
        UnixSockets sockets = UnixSockets.create("dam-hls-");
        HlsPreview p = new HlsPreview(feed, format, dir, sockets, idle);
        try {
            var server = sockets.listen("v.sock");
            List<String> args = arguments(format, "unix:" + sockets.path("v.sock"), dir);
            Thread.ofPlatform().daemon().name("hls-ffmpeg-" + feed.sourceId()).start(() -> p.run(tools, args));
            SocketChannel out = UnixSockets.accept(server, Recorder.CONNECT_LIMIT, () -> p.stop.get());
            if (out == null) throw new DamException(ErrorCode.UNAVAILABLE, "the HLS preview of " + feed.sourceId()
                    + " did not start" + (p.error == null ? "" : ": " + p.error));
            p.subscription = feed.onRaw(p.new Frames());
            Thread.ofPlatform().daemon().name("hls-writer-" + feed.sourceId()).start(() -> p.write(out));
            Thread.ofPlatform().daemon().name("hls-idle-" + feed.sourceId()).start(p::watchIdle);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    static List<String> arguments(RawFormat format, String videoUrl, Path dir) {
        int gop = Math.max(1, format.rate().nominal());
        return FfmpegArgs.ffmpeg()
                .add("-f", "yuv4mpegpipe", "-i", videoUrl)
                .add("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", String.valueOf(gop),
                        "-pix_fmt", "yuv420p")
                .add("-f", "hls", "-hls_time", "1", "-hls_list_size", "6",
                        "-hls_flags", "delete_segments+independent_segments+temp_file",
                        "-hls_segment_filename", FfmpegArgs.file(dir.resolve("seg%d.ts")))
                .output(dir.resolve(PLAYLIST))
                .list();
    }

    /**
     * A file of the preview: {@code index.m3u8} (waiting up to 10 s for the first) or a segment
     * {@code segN.ts}; any other name, or a segment already gone, is NOT_FOUND.
     */
    public Path file(String name) {
        boolean playlist = PLAYLIST.equals(name);
        if (name == null || !(playlist || SEGMENT.matcher(name).matches())) {
            throw DamException.notFound("no such file in the HLS preview");
        }
        if (closed) throw new DamException(ErrorCode.UNAVAILABLE, "the HLS preview of " + feed.sourceId() + " has stopped");
        lastRequest = System.nanoTime();
        Path f = dir.resolve(name);
        if (playlist) {
            long deadline = System.nanoTime() + PLAYLIST_WAIT.toNanos();
            synchronized (lock) {
                while (!Files.exists(f) && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    try {
                        lock.wait(Math.max(1, Math.min(100, left / 1_000_000))); // the file appears outside our lock
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            if (!Files.exists(f)) {
                throw new DamException(ErrorCode.UNAVAILABLE, "the HLS preview of " + feed.sourceId()
                        + " has no playlist yet" + (error == null ? "" : ": " + error));
            }
            return f;
        }
        if (!Files.isRegularFile(f)) throw DamException.notFound("segment " + name + " is no longer in the HLS preview");
        return f;
    }

    /** Whether it still runs; a stopped one (idle, or failed) is started anew by whoever asks. */
    public boolean running() {
        return !closed;
    }

    /** Frames the preview skipped because its encoder was behind. */
    public long droppedFrames() {
        synchronized (lock) {
            return dropped;
        }
    }

    Path dir() {
        return dir;
    }

    private final class Frames implements RawSubscriber {
        @Override
        public void video(VideoFrame f) {
            synchronized (lock) {
                if (closed) return;
                if (queuedBytes + f.data().length > QUEUE_BYTES) {
                    dropped++;
                    return;
                }
                queuedBytes += f.data().length;
                queue.add(f);
                lock.notifyAll();
            }
        }

        @Override
        public void audio(AudioChunk c) {} // the preview is pictures only

        @Override
        public void signal(boolean present) {}
    }

    private void run(FfmpegTools tools, List<String> args) {
        try {
            var r = ToolRunner.run(tools.ffmpeg(), args, MAX_RUN, null, stop::get);
            if (!r.ok() && !stop.get()) error = r.errorSummary();
        } catch (DamException e) {
            if (!stop.get()) error = e.getMessage();
        } finally {
            if (error != null) LOG.warn("HLS preview of {} ended: {}", feed.sourceId(), error);
            close();
            removeFolder();
        }
    }

    private void write(SocketChannel out) {
        try (out) {
            FrameRate r = format.rate();
            writeFully(out, ("YUV4MPEG2 W" + format.width() + " H" + format.height() + " F" + r.num() + ":" + r.den()
                    + " Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            byte[] mark = "FRAME\n".getBytes(StandardCharsets.US_ASCII);
            while (true) {
                VideoFrame f;
                synchronized (lock) {
                    while (queue.isEmpty() && !closed) lock.wait();
                    if (closed) return;
                    f = queue.poll();
                    queuedBytes -= f.data().length;
                }
                writeFully(out, mark);
                writeFully(out, f.data());
            }
        } catch (IOException e) {
            if (!closed) error = "the preview encoder stopped reading frames";
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watchIdle() {
        synchronized (lock) {
            while (!closed) {
                if (System.nanoTime() - lastRequest > idle.toNanos()) break;
                try {
                    lock.wait(Math.max(10, Math.min(1000, idle.toMillis() / 4)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!closed) LOG.debug("HLS preview of {} stopped: nobody asked for {} s", feed.sourceId(), idle.toSeconds());
        close();
    }

    private static void writeFully(SocketChannel out, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) out.write(buf);
    }

    /** Stops the encoder and removes the folder with every segment. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
            queue.clear();
            queuedBytes = 0;
            lock.notifyAll();
        }
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("unsubscribing the HLS preview: {}", e.toString());
            }
        }
        stop.set(true); // ToolRunner kills the encoder's tree within 100 ms; its thread then removes the folder
        sockets.close();
    }

    /** Run once the encoder is gone (it may have written one more segment after close). */
    private void removeFolder() {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("cannot remove the HLS preview folder {}: {}", dir, e.toString());
        }
    }
}
