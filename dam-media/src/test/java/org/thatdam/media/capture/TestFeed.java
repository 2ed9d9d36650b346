package org.thatdam.media.capture;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveState;

/**
 * A live feed for tests: a real ffmpeg drawing a moving test pattern at real time, read as y4m from
 * its stdout; the sound is a 1 kHz tone made here, one chunk per frame, stamped like the frames.
 */
final class TestFeed implements LiveFeed, AutoCloseable {

    private final String id;
    private final RawFormat format;
    private final List<RawSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile long frames;
    private long samples;

    private TestFeed(String id, RawFormat format) {
        this.id = id;
        this.format = format;
    }

    static TestFeed start(String id, int width, int height, FrameRate rate, boolean audio) {
        TestFeed f = new TestFeed(id, new RawFormat(width, height, rate, audio));
        List<String> args = FfmpegArgs.ffmpeg().add("-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=" + rate + ",realtime",
                "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", "pipe:1").list();
        Thread.ofPlatform().daemon().name("test-feed-" + id).start(() -> {
            try {
                ToolRunner.run(FfmpegTools.bundled().ffmpeg(), args, Duration.ofMinutes(5), f::read, f.stop::get, null);
            } catch (RuntimeException e) {
                // stopped by the test
            } finally {
                f.ended.complete(null);
            }
        });
        return f;
    }

    private void read(InputStream in) throws IOException {
        line(in); // the stream header: its size and rate are the ones asked for
        int size = format.frameBytes();
        while (!stop.get()) {
            String mark = line(in);
            if (mark == null) return;
            byte[] data = in.readNBytes(size);
            if (data.length < size) return;
            long now = System.nanoTime();
            VideoFrame v = new VideoFrame(frames++, now, Instant.now(), data);
            for (RawSubscriber s : subscribers) s.video(v);
            if (format.audio()) {
                long upTo = frames * AudioChunk.RATE * format.rate().den() / format.rate().num();
                int n = (int) (upTo - samples);
                byte[] pcm = tone(samples, n);
                AudioChunk c = new AudioChunk(samples, now, pcm);
                samples = upTo;
                for (RawSubscriber s : subscribers) s.audio(c);
            }
        }
    }

    private static byte[] tone(long first, int n) {
        byte[] b = new byte[n * AudioChunk.BYTES_PER_SAMPLE];
        for (int i = 0; i < n; i++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * 1000 * (first + i) / AudioChunk.RATE));
            for (int ch = 0; ch < 2; ch++) {
                b[i * 4 + ch * 2] = (byte) v;
                b[i * 4 + ch * 2 + 1] = (byte) (v >> 8);
            }
        }
        return b;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) return null;
            if (b.size() > 1024) throw new EOFException("no y4m line end");
            b.write(c);
        }
        return b.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Tells every subscriber the source was lost or is back, as an ingest does. */
    void signal(boolean present) {
        for (RawSubscriber s : subscribers) s.signal(present);
    }

    long frames() {
        return frames;
    }

    @Override
    public String sourceId() {
        return id;
    }

    @Override
    public RawFormat format() {
        return format;
    }

    @Override
    public LiveState state() {
        return ended.isDone() ? LiveState.NO_SIGNAL : LiveState.LIVE;
    }

    @Override
    public JpegFrame latestPreview() {
        return null;
    }

    @Override
    public AutoCloseable onPreview(Consumer<JpegFrame> viewer) {
        return () -> {};
    }

    @Override
    public AutoCloseable onRaw(RawSubscriber subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    @Override
    public IngestStats stats() {
        return new IngestStats(frames, 0, 0, format.rate().fps(), 0, null, null);
    }

    @Override
    public void close() throws Exception {
        stop.set(true);
        ended.get(30, TimeUnit.SECONDS);
    }
}
