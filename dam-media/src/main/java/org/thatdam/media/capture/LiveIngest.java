package org.thatdam.media.capture;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveSourceKind;
import org.thatdam.model.LiveState;

/**
 * A started live source: one ffmpeg opens it once and writes three streams to unix sockets of ours —
 * preview JPEGs ({@code mpjpeg} at the preview size and rate), raw yuv420p pictures ({@code yuv4mpegpipe},
 * constant rate) and, when there is sound, s16le 48 kHz stereo. Reader threads stamp each picture and
 * sound chunk with its arrival and hand it to the subscribers, which must not block.
 *
 * <p>When ffmpeg ends without being asked (the camera was unplugged, the stream dropped, no picture for
 * a while) the source is {@link LiveState#NO_SIGNAL}: raw subscribers are told, the reason is kept in
 * words, and ffmpeg is started again after 0.5 s, then 1, 2 … up to 10 s between tries, until it
 * delivers again. Only one ffmpeg runs at a time for a source; {@link #close()} kills it and frees the sockets.
 */
public final class LiveIngest implements LiveFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveIngest.class);
    /** 20 ms of s16le 48 kHz stereo. */
    static final int AUDIO_CHUNK_BYTES = AudioChunk.RATE / 50 * AudioChunk.BYTES_PER_SAMPLE;
    static final int MAX_LINE = 1024;
    static final int MAX_SIDE = 8192;
    /** ffmpeg's words when the optional sound of a stream matched nothing. */
    private static final String NO_STREAM = "does not contain any stream";

    private final SourceSpec spec;
    private final IngestOptions options;
    private final UnixSockets sockets;
    private final Instant since = Instant.now();
    private final CopyOnWriteArrayList<Consumer<JpegFrame>> viewers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<RawSubscriber> raws = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object formatLock = new Object();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong previews = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong starts = new AtomicLong();
    private final long[] arrivals = new long[32]; // ring of recent picture arrivals, for the measured rate
    private final Thread supervisor;

    private volatile LiveState state = LiveState.STARTING;
    private volatile JpegFrame latest;
    private volatile RawFormat format;
    private volatile boolean signal = true;
    private volatile boolean closed;
    private volatile String lastError;
    private volatile long failures;
    private volatile long lastFrameNanos;
    /** The first picture of the current run: the rate is measured within a run, never across a gap. */
    private volatile long fpsFrom;
    private volatile long droppedBefore, duplicatedBefore, dropped, duplicated;
    /** Null until ffmpeg says whether an optional sound exists. */
    private volatile Boolean hasAudio;

    private LiveIngest(SourceSpec spec, IngestOptions options) {
        this.spec = spec;
        this.options = options;
        this.sockets = UnixSockets.create("dam-live-");
        this.supervisor = Thread.ofPlatform().daemon().name("live-" + spec.id()).unstarted(this::supervise);
    }

    /**
     * Starts reading {@code spec}. Bad settings or a refused address fail here, as {@code invalid};
     * a source that cannot be opened is reported by {@link #format()} and {@link #stats()}.
     */
    public static LiveIngest start(SourceSpec spec, IngestOptions options) {
        CaptureInputs.args(spec, options.ioTimeout()); // checks the address and settings before anything starts
        LiveIngest in = new LiveIngest(spec, options);
        in.supervisor.start();
        return in;
    }

    @Override
    public String sourceId() {
        return spec.id();
    }

    @Override
    public RawFormat format() {
        long deadline = System.nanoTime() + options.openTimeout().toNanos();
        synchronized (formatLock) {
            while (format == null) {
                if (closed) throw new DamException(ErrorCode.UNAVAILABLE, "the source " + spec.id() + " is stopped");
                if (failures > 0) throw unavailable();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DamException(ErrorCode.UNAVAILABLE, "the source " + spec.id() + " delivered no picture within "
                            + options.openTimeout().toSeconds() + " s");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(formatLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DamException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the source " + spec.id());
                }
            }
            return format;
        }
    }

    private DamException unavailable() {
        return new DamException(ErrorCode.UNAVAILABLE, "cannot open the source " + spec.id() + ": "
                + (lastError == null ? "it ended" : lastError));
    }

    @Override
    public LiveState state() {
        return state;
    }

    /** The newest real preview picture (not a "no signal" one), or null before the first. */
    @Override
    public JpegFrame latestPreview() {
        return latest;
    }

    @Override
    public AutoCloseable onPreview(Consumer<JpegFrame> viewer) {
        viewers.add(viewer);
        return () -> viewers.remove(viewer);
    }

    /** A subscriber that joins while the source is lost is told so at once (on the caller's thread). */
    @Override
    public AutoCloseable onRaw(RawSubscriber subscriber) {
        raws.add(subscriber);
        if (!signal) subscriber.signal(false);
        return () -> raws.remove(subscriber);
    }

    @Override
    public IngestStats stats() {
        return new IngestStats(frames.get(), droppedBefore + dropped, duplicatedBefore + duplicated, fps(),
                reconnects.get(), since, lastError);
    }

    /** How many ffmpegs this source has started (one at a time), for tests and diagnostics. */
    public long ffmpegStarts() {
        return starts.get();
    }

    /** The folder of this source's sockets (removed on close). */
    public java.nio.file.Path socketFolder() {
        return sockets.dir();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        closing.countDown();
        synchronized (formatLock) {
            formatLock.notifyAll();
        }
        try {
            supervisor.join(Duration.ofSeconds(15)); // ToolRunner notices within 100 ms and kills the tree
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (supervisor.isAlive()) LOG.warn("the reader of live source {} did not stop within 15 s", spec.id());
        sockets.close();
        state = LiveState.IDLE;
    }

    // ---- the ffmpeg runs, one after the other

    private void supervise() {
        long delay = options.backoffMin().toMillis();
        while (!closed) {
            Attempt a = new Attempt();
            String why;
            try {
                why = runOnce(a);
            } catch (RuntimeException e) {
                LOG.error("live source {}: reading failed", spec.id(), e);
                why = e instanceof DamException ? e.getMessage() : "reading the source failed (" + e.getClass().getSimpleName() + ")";
            }
            if (closed) break;
            if (a.optionalAudioMissing) { // a stream without sound: open it again at once, picture only
                hasAudio = false;
                continue;
            }
            lastError = why;
            failures++;
            LOG.info("live source {} lost: {}", spec.id(), why);
            state = LiveState.NO_SIGNAL;
            if (signal) {
                signal = false;
                for (RawSubscriber s : raws) call(s, () -> s.signal(false));
            }
            synchronized (formatLock) {
                formatLock.notifyAll();
            }
            if (a.delivered) delay = options.backoffMin().toMillis();
            try {
                if (closing.await(delay, TimeUnit.MILLISECONDS)) break;
            } catch (InterruptedException e) {
                break;
            }
            delay = Math.min(delay * 2, options.backoffMax().toMillis());
            reconnects.incrementAndGet();
        }
    }

    /** One ffmpeg run; returns why it ended, in words. */
    private String runOnce(Attempt a) {
        CaptureInputs.Input input = CaptureInputs.args(spec, options.ioTimeout());
        if (Boolean.FALSE.equals(hasAudio) && input.audio()) input = input.withoutAudio();
        boolean audio = input.audio();
        ServerSocketChannel previewSock = sockets.listen("preview.sock");
        ServerSocketChannel videoSock = sockets.listen("video.sock");
        ServerSocketChannel audioSock = audio ? sockets.listen("audio.sock") : null;
        List<String> args = outputs(input, audio);
        List<Thread> readers = new ArrayList<>();
        readers.add(reader(a, "preview", previewSock, in -> readPreview(in)));
        readers.add(reader(a, "video", videoSock, in -> readVideo(in, a, audio)));
        if (audio) readers.add(reader(a, "audio", audioSock, in -> readAudio(in)));
        starts.incrementAndGet();
        droppedBefore += dropped;
        duplicatedBefore += duplicated;
        dropped = 0;
        duplicated = 0;
        ProcessResult r = null;
        String stopped = null;
        try {
            r = ToolRunner.run(options.tools().ffmpeg(), args, Duration.ofDays(3650), out -> progress(out),
                    () -> closed || a.shouldStop(), null, options.maxMemoryBytes());
        } catch (ToolRunner.CancelledException e) {
            stopped = a.failure != null ? a.failure : "stopped";
        } catch (DamException e) {
            stopped = e.getMessage();
        } finally {
            a.over = true;
            a.closeChannels();
            for (Thread t : readers) {
                try {
                    t.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (stopped != null) return scrub(stopped);
        String said = scrub(FfmpegFailure.summary(r.stderrTail(), r.exitCode()));
        if (input.audioOptional() && said.contains(NO_STREAM)) {
            a.optionalAudioMissing = true;
        } else if (input.audioOptional() && a.formatSeen && hasAudio == null) {
            hasAudio = true;
        }
        if (!said.isBlank()) return said;
        return a.failure != null ? scrub(a.failure) : "the stream ended";
    }

    /** ffmpeg's outputs: our three sockets. */
    private List<String> outputs(CaptureInputs.Input input, boolean audio) {
        FfmpegArgs f = FfmpegArgs.ffmpeg().progress().addAll(input.args());
        f.add("-map", input.videoMap(), "-vf", "fps=" + options.previewFps() + ",scale=" + options.previewWidth() + ":-2",
                "-c:v", "mjpeg", "-q:v", "5", "-f", "mpjpeg", "-flush_packets", "1", socketUrl("preview.sock"));
        f.add("-map", input.videoMap());
        RawFormat known = format;
        if (known != null && spec.kind() == LiveSourceKind.NETWORK) {
            // a stream that comes back keeps the size and rate its recordings started with
            f.add("-vf", "scale=" + known.width() + ":" + known.height(), "-r", known.rate().toString());
        }
        f.add("-pix_fmt", "yuv420p", "-fps_mode", "cfr", "-f", "yuv4mpegpipe", socketUrl("video.sock"));
        if (audio) {
            f.add("-map", input.audioMap(), "-af", "aresample=async=1", "-c:a", "pcm_s16le", "-ar", "48000", "-ac", "2",
                    "-f", "s16le", socketUrl("audio.sock"));
        }
        return f.list();
    }

    private String socketUrl(String name) {
        return "unix:" + sockets.path(name);
    }

    /** A reader thread: waits for ffmpeg to connect, then reads until the end of the stream. */
    private Thread reader(Attempt a, String what, ServerSocketChannel server, StreamBody body) {
        return Thread.ofVirtual().name("live-" + spec.id() + "-" + what).start(() -> {
            try {
                SocketChannel ch = UnixSockets.accept(server, options.openTimeout().plus(options.ioTimeout()),
                        () -> a.over || closed);
                if (ch == null) return;
                a.track(ch);
                try (InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 20)) {
                    body.read(in);
                }
            } catch (java.io.EOFException e) {
                // ffmpeg ended mid-part: its exit says why
            } catch (IOException e) {
                if (!a.over && !closed) a.fail("reading the " + what + " stream failed: " + e.getMessage());
            } catch (DamException e) {
                if (!a.over && !closed) a.fail(e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("live source {}: the {} reader failed", spec.id(), what, e);
                a.fail("reading the " + what + " stream failed (" + e.getClass().getSimpleName() + ")");
            }
        });
    }

    @FunctionalInterface
    private interface StreamBody {
        void read(InputStream in) throws IOException;
    }

    private void readPreview(InputStream in) throws IOException {
        MjpegParts parts = new MjpegParts(in);
        byte[] jpeg;
        while ((jpeg = parts.next()) != null) {
            JpegFrame f = new JpegFrame(previews.incrementAndGet(), Instant.now(), jpeg);
            latest = f;
            for (Consumer<JpegFrame> v : viewers) call(v, () -> v.accept(f));
        }
    }

    private void readVideo(InputStream in, Attempt a, boolean audio) throws IOException {
        String header = line(in);
        if (header == null) return;
        RawFormat f = parseHeader(header, audio);
        RawFormat known = format;
        if (known != null && (known.width() != f.width() || known.height() != f.height())) {
            throw new MediaException("the source changed its picture from " + known.width() + "x" + known.height()
                    + " to " + f.width() + "x" + f.height());
        }
        if (known == null) {
            synchronized (formatLock) {
                format = f;
                formatLock.notifyAll();
            }
        }
        a.formatSeen = true;
        int size = f.frameBytes();
        while (true) {
            String frameLine = line(in);
            if (frameLine == null) return;
            if (!frameLine.startsWith("FRAME")) throw new MediaException("the raw picture stream is damaged (no FRAME header)");
            byte[] data = in.readNBytes(size);
            if (data.length < size) return; // ffmpeg ended inside a frame
            delivered(a);
            VideoFrame frame = new VideoFrame(frames.getAndIncrement(), System.nanoTime(), Instant.now(), data);
            for (RawSubscriber s : raws) call(s, () -> s.video(frame));
        }
    }

    /** The first picture of a run: the source is live (again). */
    private void delivered(Attempt a) {
        long now = System.nanoTime();
        lastFrameNanos = now;
        synchronized (arrivals) {
            arrivals[(int) (frames.get() % arrivals.length)] = now;
        }
        if (!a.delivered) {
            a.delivered = true;
            fpsFrom = frames.get();
            state = LiveState.LIVE;
            if (!signal) {
                signal = true;
                for (RawSubscriber s : raws) call(s, () -> s.signal(true));
            }
        }
    }

    private void readAudio(InputStream in) throws IOException {
        while (true) {
            byte[] data = in.readNBytes(AUDIO_CHUNK_BYTES);
            int whole = data.length - data.length % AudioChunk.BYTES_PER_SAMPLE;
            if (whole > 0) {
                byte[] chunk = whole == data.length ? data : java.util.Arrays.copyOf(data, whole);
                AudioChunk c = new AudioChunk(samples.getAndAdd(whole / AudioChunk.BYTES_PER_SAMPLE), System.nanoTime(), chunk);
                for (RawSubscriber s : raws) call(s, () -> s.audio(c));
            }
            if (data.length < AUDIO_CHUNK_BYTES) return;
        }
    }

    /** {@code -progress pipe:1}: drop_frames= and dup_frames= of the current run. */
    private void progress(InputStream out) throws IOException {
        var r = new java.io.BufferedReader(new java.io.InputStreamReader(out, StandardCharsets.UTF_8));
        String l;
        while ((l = r.readLine()) != null) {
            if (l.startsWith("drop_frames=")) dropped = number(l);
            else if (l.startsWith("dup_frames=")) duplicated = number(l);
        }
    }

    private static long number(String keyValue) {
        try {
            return Long.parseLong(keyValue.substring(keyValue.indexOf('=') + 1).strip());
        } catch (NumberFormatException e) {
            return 0; // "N/A" before the first frame
        }
    }

    /** {@code YUV4MPEG2 W1280 H720 F25:1 Ip A1:1 C420jpeg …}. */
    static RawFormat parseHeader(String header, boolean audio) {
        if (!header.startsWith("YUV4MPEG2 ")) throw new MediaException("the raw picture stream is not YUV4MPEG2");
        int w = -1, h = -1;
        FrameRate rate = null;
        for (String t : header.substring(10).split(" ")) {
            if (t.isEmpty()) continue;
            try {
                switch (t.charAt(0)) {
                    case 'W' -> w = Integer.parseInt(t.substring(1));
                    case 'H' -> h = Integer.parseInt(t.substring(1));
                    case 'F' -> {
                        String[] nd = t.substring(1).split(":");
                        rate = new FrameRate(Integer.parseInt(nd[0]), Integer.parseInt(nd[1]));
                    }
                    case 'C' -> {
                        if (!t.startsWith("C420")) throw new MediaException("the raw picture stream is " + t.substring(1) + ", not 4:2:0");
                    }
                    default -> { } // interlacing, aspect, extensions
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new MediaException("the raw picture stream's header is damaged: " + CaptureInputs.printable(t));
            } catch (DamException e) {
                if (e instanceof MediaException) throw e;
                throw new MediaException("the raw picture stream's rate is not usable: " + e.getMessage());
            }
        }
        if (w < 2 || h < 2 || w > MAX_SIDE || h > MAX_SIDE || rate == null) {
            throw new MediaException("the raw picture stream's header is incomplete or out of range: " + CaptureInputs.printable(header));
        }
        return new RawFormat(w, h, rate, audio);
    }

    /** An ASCII line without its LF; null at the end of the stream; at most {@link #MAX_LINE} bytes. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) return null;
            if (c == '\n') return b.toString(StandardCharsets.US_ASCII);
            if (b.size() >= MAX_LINE) throw new MediaException("the raw picture stream has a header line over " + MAX_LINE + " bytes");
            b.write(c);
        }
    }

    private double fps() {
        long n = frames.get();
        int count = (int) Math.min(n - fpsFrom, arrivals.length);
        if (count < 2 || state != LiveState.LIVE) return 0;
        synchronized (arrivals) {
            long newest = arrivals[(int) ((n - 1) % arrivals.length)];
            long oldest = arrivals[(int) ((n - count) % arrivals.length)];
            return newest > oldest ? (count - 1) * 1e9 / (newest - oldest) : 0;
        }
    }

    /** A subscriber's failure is logged and that subscriber dropped: it must not stop the others or the source. */
    private void call(Object subscriber, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("live source {}: a subscriber failed and is removed", spec.id(), e);
            viewers.remove(subscriber);
            raws.remove(subscriber);
        }
    }

    /** ffmpeg's words with the stream's credentials taken out (it may quote the URL it opened). */
    private String scrub(String s) {
        String secret = spec.secretUserInfo();
        if (s == null || secret == null || secret.isEmpty()) return s;
        String out = s;
        int colon = secret.indexOf(':');
        List<String> parts = new ArrayList<>(List.of(secret));
        if (colon >= 0) {
            String user = secret.substring(0, colon);
            String pass = secret.substring(colon + 1);
            parts.add(CaptureInputs.encode(user) + ":" + CaptureInputs.encode(pass));
            if (pass.length() >= 3) {
                parts.add(pass);
                parts.add(CaptureInputs.encode(pass));
            }
        }
        for (String p : parts) out = out.replace(p, "***");
        return out;
    }

    /** One ffmpeg run's shared state between its readers and the supervisor. */
    private final class Attempt {
        final long startNanos = System.nanoTime();
        final List<SocketChannel> channels = new CopyOnWriteArrayList<>();
        volatile boolean over;
        volatile boolean delivered;
        volatile boolean formatSeen;
        volatile boolean optionalAudioMissing;
        volatile String failure;

        void track(SocketChannel ch) {
            channels.add(ch);
            if (over) closeChannels();
        }

        void fail(String why) {
            if (failure == null) failure = why;
        }

        /** A reader failed, or no picture came in time: ffmpeg is stopped and started again. */
        boolean shouldStop() {
            if (failure != null) return true;
            long now = System.nanoTime();
            if (!delivered && now - startNanos > options.openTimeout().plus(options.ioTimeout()).toNanos()) {
                fail("no picture from the source within " + options.openTimeout().plus(options.ioTimeout()).toSeconds() + " s");
                return true;
            }
            if (delivered && now - lastFrameNanos > options.stallTimeout().toNanos()) {
                fail("no picture from the source for " + options.stallTimeout().toSeconds() + " s");
                return true;
            }
            return false;
        }

        void closeChannels() {
            for (SocketChannel ch : channels) {
                try {
                    ch.close();
                } catch (IOException e) {
                    LOG.debug("closing a live socket: {}", e.toString());
                }
            }
        }
    }
}
