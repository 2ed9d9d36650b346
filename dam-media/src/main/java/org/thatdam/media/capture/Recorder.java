package org.thatdam.media.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.DamException;
import org.thatdam.model.FrameRate;
import org.thatdam.model.Timecode;

/**
 * Records a live feed into a fragmented MP4 with one ffmpeg of its own.
 *
 * <p>The ffmpeg reads raw frames (y4m) and sound (s16le) from unix sockets we listen on, plus a
 * tiny ffmetadata stream carrying the start timecode, title and creation time: the timecode is
 * that of the first frame taken, known only once frames flow, and ffmpeg opens that input only
 * after it has read the first frames, so it can be told then (a {@code -timecode} argument would
 * have to be known before ffmpeg starts). Frames are taken from the first whose arrival is at or
 * after the start instant, which is what lets recorders started together begin within a frame of
 * each other, however long each ffmpeg takes to start.
 *
 * <p>The feed's threads never wait on us: frames go through a queue bounded by bytes; what does not
 * fit is counted as dropped and its slot filled by repeating the picture before (the picture keeps time
 * with the sound), and a gap while the source is lost is counted too. Fragments of a second are
 * flushed as they are written, so a killed recording leaves a playable file up to its last second;
 * {@link #stop()} closes the sockets and ffmpeg finalises the file.
 */
public final class Recorder {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    /** The most raw data waiting for the encoder. */
    static final long QUEUE_BYTES = 64L * 1024 * 1024;
    /** Marks a frame slot to fill with the picture before (see take); compared by identity. */
    private static final byte[] REPEAT = new byte[0];
    /** Repeats waiting beyond this many seconds of frames: the encoder is too slow for the source. */
    private static final int MAX_REPEATS_SECONDS = 30;
    static final Duration CONNECT_LIMIT = Duration.ofSeconds(10);
    static final Duration FINISH_LIMIT = Duration.ofSeconds(30);
    /** The longest recording: a day, then the run is ended like any other limit. */
    static final Duration MAX_RUN = Duration.ofHours(25);
    /** Sound kept while waiting for the first frame (half a second more than any sane chunk). */
    private static final int PENDING_AUDIO = 64;
    /** Frames kept before the start, for those that arrive between the start instant and {@link #begin}. */
    private static final int EARLY_FRAMES = 4;

    /** How a recording ended. {@code frames} were written to the file, {@code droppedFrames} not. */
    public record Result(Instant firstFrameAt, String startTimecode, FrameRate rate, long frames, long droppedFrames,
                         double durationSeconds, long bytes, boolean clean, String error) {}

    /** A running recording, about once a second: its length so far, the file's size, frames lost, a failure. */
    public record Progress(double durationSeconds, long bytes, long droppedFrames, long frames, String error) {}

    private final LiveFeed feed;
    private final RecordSpec spec;
    private final RawFormat format;
    private final UnixSockets sockets;
    private final SocketChannel videoOut;
    private final ServerSocketChannel metaServer;
    private final ServerSocketChannel audioServer;
    private final CountDownLatch ended = new CountDownLatch(1);
    private Starter starter;
    private volatile ProcessResult exit;
    private volatile String runError;

    private final Object lock = new Object();
    private final ArrayDeque<VideoFrame> videoQueue = new ArrayDeque<>();
    private final ArrayDeque<byte[]> audioQueue = new ArrayDeque<>();
    private final ArrayDeque<AudioChunk> pendingAudio = new ArrayDeque<>();
    private final ArrayDeque<VideoFrame> early = new ArrayDeque<>();
    private long queuedBytes;
    /** Sound bytes the file may hold: set at stop to the length of the pictures, so sound never runs past them. */
    private long audioLimit = Long.MAX_VALUE;
    private long audioWritten;
    private long startNanos = Long.MAX_VALUE;
    private boolean taking;
    private boolean closing;
    private long firstNanos;
    private Instant firstAt;
    private Timecode startTimecode;
    private long frames;
    private long dropped;
    /** Repeats in the video queue (guarded by lock). */
    private long repeatsQueued;
    /** The picture written last (writer thread only). */
    private byte[] last;
    private long lostSinceNanos = -1;
    private String writeError;
    private AutoCloseable subscription;
    private Thread videoWriter;
    private Thread audioWriter;
    private Result result;

    private Recorder(LiveFeed feed, RecordSpec spec, RawFormat format, UnixSockets sockets, SocketChannel videoOut,
                     ServerSocketChannel metaServer, ServerSocketChannel audioServer) {
        this.feed = feed;
        this.spec = spec;
        this.format = format;
        this.sockets = sockets;
        this.videoOut = videoOut;
        this.metaServer = metaServer;
        this.audioServer = audioServer;
    }

    /**
     * Starts the recording's ffmpeg and waits (at most 10 s) until it has connected; nothing is
     * recorded before {@link #begin}.
     */
    public static Recorder prepare(LiveFeed feed, RecordSpec spec, FfmpegTools tools) {
        Path dir = spec.output().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw DamException.invalid("cannot record into " + spec.output() + ": the folder does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw DamException.invalid("cannot record into " + spec.output() + ": the folder is not writable");
        }
        RawFormat format = feed.format();
        UnixSockets sockets = UnixSockets.create("dam-rec-");
        Starter s = new Starter();
        try {
            ServerSocketChannel video = sockets.listen("v.sock");
            ServerSocketChannel meta = sockets.listen("m.sock");
            ServerSocketChannel audio = format.audio() ? sockets.listen("a.sock") : null;
            List<String> args = arguments(format, spec, url(sockets, "v.sock"), url(sockets, "m.sock"),
                    audio == null ? null : url(sockets, "a.sock"));
            s.start(tools, args, feed.sourceId());
            SocketChannel videoOut;
            try {
                videoOut = UnixSockets.accept(video, CONNECT_LIMIT, () -> s.ended.getCount() == 0);
            } catch (DamException e) {
                videoOut = null;
            }
            if (videoOut == null) {
                s.kill.set(true);
                await(s.ended, FINISH_LIMIT);
                throw DamException.unavailable("the encoder for " + feed.sourceId() + " did not start: "
                        + (s.exit != null ? s.exit.errorSummary() : s.error != null ? s.error : "it did not connect within "
                        + CONNECT_LIMIT.toSeconds() + " s"), null);
            }
            Recorder r = new Recorder(feed, spec, format, sockets, videoOut, meta, audio);
            r.adopt(s);
            r.subscription = feed.onRaw(r.new Subscriber());
            return r;
        } catch (RuntimeException e) {
            s.kill.set(true); // an encoder started for nothing never outlives the refusal
            sockets.close();
            throw e;
        }
    }

    /**
     * Begins every recorder at the same instant: each from its feed's first frame arriving after now.
     * Returns that instant ({@link System#nanoTime()} scale).
     */
    public static long beginTogether(List<Recorder> recorders) {
        long t = System.nanoTime();
        for (Recorder r : recorders) r.begin(t);
        return t;
    }

    /** Takes frames from the first whose arrival ({@link System#nanoTime()} scale) is at or after {@code startNanos}. */
    public void begin(long startNanos) {
        synchronized (lock) {
            if (this.startNanos != Long.MAX_VALUE) throw DamException.conflict("this recording has already begun");
            this.startNanos = startNanos;
            for (VideoFrame f : early) take(f);
            early.clear();
        }
        videoWriter = Thread.ofPlatform().daemon().name("rec-video-" + feed.sourceId()).start(this::writeVideo);
        Thread.ofPlatform().daemon().name("rec-meta-" + feed.sourceId()).start(this::writeMeta);
        if (audioServer != null) {
            audioWriter = Thread.ofPlatform().daemon().name("rec-audio-" + feed.sourceId()).start(this::writeAudio);
        }
    }

    public Progress progress() {
        synchronized (lock) {
            long gap = lostSinceNanos >= 0 ? gapFrames(System.nanoTime() - lostSinceNanos) : 0;
            String err = writeError != null ? writeError : runError;
            return new Progress(frames / format.rate().fps(), size(), dropped + gap, frames, err);
        }
    }

    /** The recording's raw format. */
    public RawFormat format() {
        return format;
    }

    /** The instant of the first frame taken, null before. */
    public Instant firstFrameAt() {
        synchronized (lock) {
            return firstAt;
        }
    }

    /**
     * Stops taking frames, lets ffmpeg encode what is queued and finalise the file (30 s at most,
     * then it is killed), and reports. Calling it again returns the same result.
     */
    public Result stop() {
        synchronized (lock) {
            if (result != null) return result;
            closing = true;
            long pictures = frames + videoQueue.size();
            audioLimit = pictures * AudioChunk.RATE * format.rate().den() / format.rate().num() * AudioChunk.BYTES_PER_SAMPLE;
            if (lostSinceNanos >= 0) {
                dropped += gapFrames(System.nanoTime() - lostSinceNanos);
                lostSinceNanos = -1;
            }
            lock.notifyAll();
        }
        closeQuietly(subscription);
        long deadline = System.nanoTime() + FINISH_LIMIT.toNanos();
        if (videoWriter == null) closeQuietly(videoOut); // never begun: ffmpeg sees the end at once
        join(videoWriter, deadline);
        join(audioWriter, deadline);
        sockets.close(); // an input not yet connected is refused now
        boolean finished = await(ended, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (!finished) {
            starter.kill.set(true); // ToolRunner kills the tree
            await(ended, FINISH_LIMIT);
        }
        synchronized (lock) {
            String error = null;
            if (!finished) error = "the encoder did not finish the file within " + FINISH_LIMIT.toSeconds() + " s and was stopped";
            else if (runError != null) error = runError;
            else if (exit != null && !exit.ok()) error = "the encoder failed: " + exit.errorSummary();
            else if (writeError != null) error = writeError;
            else if (frames == 0) error = "no frame was recorded";
            result = new Result(firstAt, startTimecode == null ? null : startTimecode.toString(), format.rate(), frames,
                    dropped, frames / format.rate().fps(), size(), error == null, error);
            lock.notifyAll();
            return result;
        }
    }

    // ---- the feed's side: queue and return ----

    private final class Subscriber implements RawSubscriber {
        @Override
        public void video(VideoFrame f) {
            synchronized (lock) {
                if (startNanos == Long.MAX_VALUE) {
                    // not begun: a frame may still arrive after the start instant but before begin() runs
                    early.add(f);
                    if (early.size() > EARLY_FRAMES) early.removeFirst();
                    return;
                }
                take(f);
            }
        }

        @Override
        public void audio(AudioChunk c) {
            if (audioServer == null) return;
            synchronized (lock) {
                if (closing || writeError != null) return;
                if (!taking) {
                    pendingAudio.add(c); // may hold sound from after the first frame, whose thread has not said so yet
                    if (pendingAudio.size() > PENDING_AUDIO) pendingAudio.removeFirst();
                    return;
                }
                queueAudio(c);
            }
        }

        @Override
        public void signal(boolean present) {
            synchronized (lock) {
                if (!taking || closing) return;
                if (!present && lostSinceNanos < 0) {
                    lostSinceNanos = System.nanoTime();
                } else if (present && lostSinceNanos >= 0) {
                    dropped += gapFrames(System.nanoTime() - lostSinceNanos); // the file runs on; the gap is told
                    lostSinceNanos = -1;
                }
            }
        }
    }

    /** Takes a frame from the start instant on. Holds the lock. */
    private void take(VideoFrame f) {
        if (closing || f.arrivalNanos() < startNanos || writeError != null) return;
        if (!taking) {
            taking = true;
            firstNanos = f.arrivalNanos();
            firstAt = f.arrival();
            startTimecode = spec.startTimecode() != null ? spec.startTimecode()
                    : Timecode.fromWallClock(f.arrival(), spec.zone(), format.rate());
            for (AudioChunk c : pendingAudio) queueAudio(c);
            pendingAudio.clear();
        }
        long size = f.data().length;
        if (queuedBytes + size > QUEUE_BYTES) {
            // The encoder is behind: the frame's slot is filled by repeating the one before, so the picture keeps
            // time with the sound and the timecode; a repeat costs no memory. Behind for good is an error.
            dropped++;
            if (++repeatsQueued > MAX_REPEATS_SECONDS * Math.max(1, format.rate().nominal())) {
                writeError = "the encoder cannot keep up with " + format.width() + "x" + format.height() + " at "
                        + format.rate() + " fps on this machine (a faster capture.preset or a smaller size helps)";
                lock.notifyAll();
                return;
            }
            videoQueue.add(new VideoFrame(f.index(), f.arrivalNanos(), f.arrival(), REPEAT));
            lock.notifyAll();
            return;
        }
        queuedBytes += size;
        videoQueue.add(f);
        lock.notifyAll();
    }

    /** Queues the part of a chunk from the first frame on (a chunk ends at its arrival). Holds the lock. */
    private void queueAudio(AudioChunk c) {
        byte[] data = c.data();
        long durNanos = data.length / AudioChunk.BYTES_PER_SAMPLE * 1_000_000_000L / AudioChunk.RATE;
        long chunkStart = c.arrivalNanos() - durNanos;
        if (c.arrivalNanos() <= firstNanos) return;
        if (chunkStart < firstNanos) {
            long skip = (firstNanos - chunkStart) * AudioChunk.RATE / 1_000_000_000L * AudioChunk.BYTES_PER_SAMPLE;
            data = java.util.Arrays.copyOfRange(data, (int) Math.min(skip, data.length), data.length);
        }
        if (data.length == 0 || queuedBytes + data.length > QUEUE_BYTES) return; // sound waits with the frames it belongs to
        queuedBytes += data.length;
        audioQueue.add(data);
        lock.notifyAll();
    }

    private long gapFrames(long nanos) {
        return Math.round((double) nanos / format.rate().frameNanos());
    }

    // ---- the writers ----

    private void writeVideo() {
        try (SocketChannel out = videoOut) {
            FrameRate r = format.rate();
            String header = "YUV4MPEG2 W" + format.width() + " H" + format.height() + " F" + r.num() + ":" + r.den()
                    + " Ip A1:1 C420jpeg\n";
            writeFully(out, ByteBuffer.wrap(header.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer frameMark = ByteBuffer.wrap("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                VideoFrame f;
                synchronized (lock) {
                    while (videoQueue.isEmpty() && !closing) lock.wait();
                    f = videoQueue.poll();
                    if (f == null) return; // closing and drained
                }
                boolean repeat = f.data() == REPEAT;
                byte[] picture = repeat ? last : f.data();
                if (picture != null) {
                    frameMark.rewind();
                    writeFully(out, frameMark);
                    writeFully(out, ByteBuffer.wrap(picture));
                    last = picture;
                }
                synchronized (lock) {
                    if (repeat) repeatsQueued--;
                    else queuedBytes -= f.data().length;
                    if (picture != null) frames++;
                }
            }
        } catch (IOException e) {
            failWrites("the encoder stopped reading frames" + (ended.getCount() == 0 ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeAudio() {
        try (SocketChannel out = UnixSockets.accept(audioServer, CONNECT_LIMIT.plus(FINISH_LIMIT), () -> !acceptingInputs())) {
            if (out == null) {
                if (!closing()) failWrites("the encoder did not open the sound input");
                return;
            }
            while (true) {
                byte[] b;
                synchronized (lock) {
                    while (audioQueue.isEmpty() && !closing) lock.wait();
                    b = audioQueue.poll();
                    if (b == null) return;
                    queuedBytes -= b.length;
                    long room = audioLimit - audioWritten;
                    if (room < b.length) b = java.util.Arrays.copyOf(b, (int) Math.max(0, room));
                    audioWritten += b.length;
                }
                if (b.length > 0) writeFully(out, ByteBuffer.wrap(b));
            }
        } catch (IOException e) {
            failWrites("the encoder stopped reading sound" + (ended.getCount() == 0 ? "" : ": " + e.getMessage()));
        } catch (DamException e) {
            failWrites("the encoder did not open the sound input: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether ffmpeg may still open a further input: it runs, and there are frames to come. */
    private boolean acceptingInputs() {
        return ended.getCount() > 0 && !(closing() && videoWriterDone());
    }

    private static String url(UnixSockets sockets, String name) {
        return "unix:" + sockets.path(name);
    }

    private boolean videoWriterDone() {
        return videoWriter != null && !videoWriter.isAlive();
    }

    /** The ffmetadata input: asked for by ffmpeg once it has read the first frames, so the first frame is known. */
    private void writeMeta() {
        try (SocketChannel out = UnixSockets.accept(metaServer, CONNECT_LIMIT.plus(FINISH_LIMIT), () -> !acceptingInputs())) {
            if (out == null) return;
            String text;
            synchronized (lock) {
                while (!taking && !closing) lock.wait();
                if (!taking) return;
                text = ";FFMETADATA1\n"
                        + "timecode=" + escape(startTimecode.toString()) + "\n"
                        + "creation_time=" + escape(DateTimeFormatter.ISO_INSTANT.format(firstAt.atOffset(ZoneOffset.UTC))) + "\n"
                        + (spec.title().isEmpty() ? "" : "title=" + escape(spec.title()) + "\n");
            }
            writeFully(out, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            failWrites("the encoder did not read the recording's timecode" + (ended.getCount() == 0 ? "" : ": " + e.getMessage()));
        } catch (DamException e) {
            failWrites("the encoder did not open the timecode input: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** ffmetadata's escaping: a backslash before = ; # \ and a line end. */
    static String escape(String s) {
        return s.replaceAll("([=;#\\\\\n])", "\\\\$1");
    }

    private boolean closing() {
        synchronized (lock) {
            return closing;
        }
    }

    private void failWrites(String message) {
        synchronized (lock) {
            if (writeError == null && !closing) {
                writeError = message;
                LOG.warn("recording {} of {}: {}", spec.output().getFileName(), feed.sourceId(), message);
            }
            videoQueue.clear();
            audioQueue.clear();
            queuedBytes = 0;
            lock.notifyAll();
        }
    }

    private static void writeFully(SocketChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }

    // ---- the ffmpeg ----

    /** The ffmpeg's run on a thread of its own; a recording is one long run of ToolRunner. */
    private static final class Starter {
        final AtomicBoolean kill = new AtomicBoolean();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile ProcessResult exit;
        volatile String error;
        Recorder owner;

        void start(FfmpegTools tools, List<String> args, String source) {
            Thread.ofPlatform().daemon().name("rec-ffmpeg-" + source).start(() -> {
                try {
                    exit = ToolRunner.run(tools.ffmpeg(), args, MAX_RUN, null, kill::get);
                } catch (DamException e) {
                    error = e.getMessage();
                } finally {
                    Recorder r;
                    synchronized (this) {
                        ended.countDown();
                        r = owner;
                    }
                    if (r != null) r.ffmpegEnded(this);
                }
            });
        }
    }

    private void adopt(Starter s) {
        this.starter = s;
        boolean endedAlready;
        synchronized (s) {
            s.owner = this;
            endedAlready = s.ended.getCount() == 0;
        }
        if (endedAlready) ffmpegEnded(s);
    }

    private synchronized void ffmpegEnded(Starter s) {
        if (ended.getCount() == 0) return;
        exit = s.exit;
        if (s.error != null) runError = s.error;
        else if (s.exit != null && !s.exit.ok() && !closing()) runError = "the encoder ended: " + s.exit.errorSummary();
        ended.countDown();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    static List<String> arguments(RawFormat format, RecordSpec spec, String videoUrl, String metaUrl, String audioUrl) {
        FfmpegArgs a = FfmpegArgs.ffmpeg()
                .add("-f", "yuv4mpegpipe", "-i", videoUrl)
                .add("-f", "ffmetadata", "-i", metaUrl);
        if (audioUrl != null) {
            a.add("-f", "s16le", "-ar", String.valueOf(AudioChunk.RATE), "-ac", String.valueOf(AudioChunk.CHANNELS),
                    "-i", audioUrl);
        }
        a.add("-map", "0:v");
        if (audioUrl != null) a.add("-map", "2:a");
        a.add("-map_metadata", "1");
        a.addAll(HardwareEncoders.videoArgs(spec.encoder(), format.rate()));
        if (audioUrl != null) a.add("-c:a", "aac", "-b:a", "192k");
        a.add("-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-frag_duration", "1000000",
                "-flush_packets", "1", "-f", "mp4");
        a.output(spec.output());
        return a.list();
    }

    private long size() {
        try {
            return Files.exists(spec.output()) ? Files.size(spec.output()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean await(CountDownLatch l, Duration d) {
        try {
            return l.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void join(Thread t, long deadlineNanos) {
        if (t == null) return;
        try {
            t.join(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing a recording's resource: {}", e.toString());
        }
    }
}
