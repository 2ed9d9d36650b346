package org.thatdam.media.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.testing.StreamServer;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveSettings;
import org.thatdam.model.LiveSourceKind;
import org.thatdam.model.LiveState;

/** Live sources read by the real bundled ffmpeg: the test pattern, and an HTTP MPEG-TS stream served by another ffmpeg. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CaptureIngestTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static IngestOptions options() {
        return IngestOptions.defaults(FfmpegTools.bundled()).withPreview(320, 10)
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    /** Counts what a raw subscriber receives; never blocks. */
    static final class Counting implements RawSubscriber {
        final ConcurrentLinkedQueue<VideoFrame> videos = new ConcurrentLinkedQueue<>();
        final AtomicLong videoCount = new AtomicLong();
        final AtomicLong audioBytes = new AtomicLong();
        final AtomicInteger badSizes = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        final AtomicInteger back = new AtomicInteger();
        final int frameBytes;

        Counting(int frameBytes) {
            this.frameBytes = frameBytes;
        }

        @Override
        public void video(VideoFrame f) {
            if (f.data().length != frameBytes) badSizes.incrementAndGet();
            if (videos.size() < 200) videos.add(f);
            videoCount.incrementAndGet();
        }

        @Override
        public void audio(AudioChunk c) {
            if (c.data().length % AudioChunk.BYTES_PER_SAMPLE != 0) badSizes.incrementAndGet();
            audioBytes.addAndGet(c.data().length);
        }

        @Override
        public void signal(boolean present) {
            (present ? back : lost).incrementAndGet();
        }
    }

    private static long ffmpegsUsing(LiveIngest in) {
        String folder = in.socketFolder().toString();
        // /proc/PID/cmdline: ProcessHandle.Info leaves out the long argument lists of the test pattern
        return ProcessHandle.current().descendants().filter(p -> {
            try {
                String c = Files.readString(java.nio.file.Path.of("/proc", Long.toString(p.pid()), "cmdline"),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                return c.contains(folder) && !c.startsWith("/usr/bin/setpriv") && !c.contains("\0-c\0");
            } catch (IOException e) {
                return false; // ended meanwhile
            }
        }).count();
    }

    @Test
    void theTestSourceDeliversPreviewsRawPicturesAndSoundToSharedSubscribers() throws Exception {
        SourceSpec spec = new SourceSpec(LiveSourceKind.TEST, "test-1", "test",
                new LiveSettings(640, 360, new FrameRate(25, 1), null, null, null), null);
        LiveIngest in = LiveIngest.start(spec, options());
        try {
            RawFormat f = in.format();
            assertThat(f).isEqualTo(new RawFormat(640, 360, new FrameRate(25, 1), true));

            ConcurrentLinkedQueue<JpegFrame> jpegs = new ConcurrentLinkedQueue<>();
            CountDownLatch fivePreviews = new CountDownLatch(5);
            AtomicInteger secondViewer = new AtomicInteger();
            Counting a = new Counting(f.frameBytes());
            Counting b = new Counting(f.frameBytes());
            try (AutoCloseable v1 = in.onPreview(j -> { jpegs.add(j); fivePreviews.countDown(); });
                 AutoCloseable v2 = in.onPreview(j -> secondViewer.incrementAndGet());
                 AutoCloseable r1 = in.onRaw(a);
                 AutoCloseable r2 = in.onRaw(b)) {
                assertThat(fivePreviews.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                for (JpegFrame j : jpegs.stream().limit(5).toList()) {
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(j.jpeg()));
                    assertThat(img).as("a decodable JPEG").isNotNull();
                    assertThat(img.getWidth()).isEqualTo(320);
                    assertThat(img.getHeight()).isEqualTo(180);
                }
                await().atMost(WAIT).until(() -> a.videoCount.get() >= 50 && b.videoCount.get() >= 50);
                await().atMost(WAIT).until(() -> a.audioBytes.get() >= 48_000L * 4 && secondViewer.get() >= 5);
                assertThat(a.badSizes.get() + b.badSizes.get()).isZero();

                // about 25 a second: the source runs at real time, not as fast as ffmpeg can draw
                List<VideoFrame> seen = List.copyOf(a.videos);
                VideoFrame first = seen.get(5), last = seen.get(seen.size() - 1);
                double rate = (last.index() - first.index()) * 1e9 / (last.arrivalNanos() - first.arrivalNanos());
                assertThat(rate).isBetween(12.0, 50.0);
                for (int i = 1; i < seen.size(); i++) assertThat(seen.get(i).index()).isGreaterThan(seen.get(i - 1).index());

                assertThat(in.state()).isEqualTo(LiveState.LIVE);
                assertThat(in.latestPreview()).isNotNull();
                assertThat(in.ffmpegStarts()).isEqualTo(1);
                assertThat(ffmpegsUsing(in)).as("one ffmpeg for every viewer and subscriber").isEqualTo(1);
                assertThat(in.stats().frames()).isGreaterThanOrEqualTo(50);
                assertThat(in.stats().reconnects()).isZero();
                assertThat(in.stats().lastError()).isNull();
            }
        } finally {
            in.close();
        }
        assertThat(in.state()).isEqualTo(LiveState.IDLE);
        assertThat(Files.exists(in.socketFolder())).as("sockets removed").isFalse();
        await().atMost(WAIT).until(() -> ffmpegsUsing(in) == 0);
    }


    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Test
    void aNetworkStreamIsReadLostAndReconnected() throws Exception {
        int port = freePort();
        StreamServer server = new StreamServer(port);
        SourceSpec spec = new SourceSpec(LiveSourceKind.NETWORK, "net-1", "http://127.0.0.1:" + port + "/live.ts",
                LiveSettings.DEFAULT, null);
        // the server listens shortly after it starts: the first tries may be refused, and are retried
        LiveIngest in = LiveIngest.start(spec, options().withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
        try {
            await().atMost(WAIT).until(() -> in.state() == LiveState.LIVE);
            RawFormat f = in.format();
            assertThat(f.width()).isEqualTo(320);
            assertThat(f.height()).isEqualTo(240);
            assertThat(f.rate()).isEqualTo(new FrameRate(25, 1));
            assertThat(f.audio()).isTrue();
            Counting sub = new Counting(f.frameBytes());
            try (AutoCloseable r = in.onRaw(sub)) {
                await().atMost(WAIT).until(() -> sub.videoCount.get() >= 10 && sub.audioBytes.get() > 0);
                long reconnectsBefore = in.stats().reconnects();

                server.close(); // the camera goes away
                await().atMost(WAIT).until(() -> in.state() == LiveState.NO_SIGNAL);
                assertThat(sub.lost.get()).isEqualTo(1);
                assertThat(in.stats().lastError()).isEqualTo("the stream ended");

                long before = sub.videoCount.get();
                StreamServer again = new StreamServer(port); // and comes back on the same address
                try {
                    await().atMost(WAIT).until(() -> in.state() == LiveState.LIVE && sub.videoCount.get() > before + 10);
                    assertThat(sub.back.get()).isEqualTo(1);
                    assertThat(in.stats().reconnects()).isGreaterThan(reconnectsBefore);
                    assertThat(in.format()).isEqualTo(f);
                    assertThat(sub.badSizes.get()).isZero();
                } finally {
                    in.close();
                    again.close();
                }
            }
        } finally {
            in.close();
            server.close();
        }
    }

    @Test
    void aStreamWithoutSoundIsOpenedAgainForThePictureOnly() throws Exception {
        int port = freePort();
        StreamServer first = new StreamServer(port, false);
        SourceSpec spec = new SourceSpec(LiveSourceKind.NETWORK, "net-3", "http://127.0.0.1:" + port + "/live.ts",
                LiveSettings.DEFAULT, null);
        try (LiveIngest in = LiveIngest.start(spec, options())) {
            // the first open asks for the sound too, finds none and gives up: the server served its one client
            assertThat(first.awaitEnd(WAIT.toSeconds())).isTrue();
            StreamServer second = new StreamServer(port, false);
            try {
                await().atMost(WAIT).until(() -> in.state() == LiveState.LIVE);
                assertThat(in.format().audio()).isFalse();
                assertThat(in.format().width()).isEqualTo(320);
            } finally {
                in.close();
                second.close();
            }
        } finally {
            first.close();
        }
    }

    @Test
    void anUnreachableStreamIsNoSignalWithTheReasonInWords() throws Exception {
        int port = freePort(); // nothing listens there
        SourceSpec spec = new SourceSpec(LiveSourceKind.NETWORK, "net-2", "http://127.0.0.1:" + port + "/cam",
                LiveSettings.DEFAULT, "user:s3cret!");
        try (LiveIngest in = LiveIngest.start(spec, options())) {
            await().atMost(WAIT).until(() -> in.state() == LiveState.NO_SIGNAL);
            String error = in.stats().lastError();
            assertThat(error).containsIgnoringCase("refused").doesNotContain("Exception").doesNotContain("s3cret");
            assertThatThrownBy(in::format).isInstanceOfSatisfying(DamException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.getMessage()).contains("net-2").containsIgnoringCase("refused").doesNotContain("s3cret");
            });
            // it keeps trying: a reconnect is counted when it is decided, its ffmpeg starts after the pause
            await().atMost(WAIT).until(() -> in.stats().reconnects() >= 1 && in.ffmpegStarts() >= 2);
            assertThat(ffmpegsUsing(in)).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void hostileAddressesAreRefusedBeforeAnythingStarts() {
        for (String url : List.of("file:///etc/passwd", "concat:http://a/x|http://b/y", "http://cam/a\nb",
                "http://cam/a\u0000", "/stream", "cam.local/stream", "ftp://cam/x", "data:text/plain,hi",
                "subfile,,0,10,:http://cam/x", "http:///nohost", "http://cam/%0d%0aHost:%20evil", "pipe:0",
                "-i", "http://cam/" + "a".repeat(3000))) {
            SourceSpec spec = new SourceSpec(LiveSourceKind.NETWORK, "bad", url, LiveSettings.DEFAULT, null);
            assertThatThrownBy(() -> LiveIngest.start(spec, options())).as(url)
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
        }
        for (String dev : List.of("/dev/../etc/passwd", "/etc/passwd", "/dev/video0\n", "video0", "/dev/sda")) {
            SourceSpec spec = new SourceSpec(LiveSourceKind.DEVICE, "bad", dev, LiveSettings.DEFAULT, null);
            assertThatThrownBy(() -> LiveIngest.start(spec, options())).as(dev)
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
        }
        for (String audio : List.of("alsa:-i", "alsa:hw:1,0;rm", "pulse:-f", "file:/etc/passwd", "pulse:a b")) {
            SourceSpec spec = new SourceSpec(LiveSourceKind.DEVICE, "bad", "/dev/video0",
                    new LiveSettings(null, null, null, null, audio, null), null);
            assertThatThrownBy(() -> LiveIngest.start(spec, options())).as(audio)
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
        }
        SourceSpec odd = new SourceSpec(LiveSourceKind.TEST, "t", "test", new LiveSettings(800, 600, null, null, null, null), null);
        assertThatThrownBy(() -> LiveIngest.start(odd, options())).isInstanceOf(DamException.class).hasMessageContaining("800x600");
    }

    @Test
    void noSignalPictureIsAJpegOfTheAskedSize() throws Exception {
        byte[] jpeg = NoSignalFrame.jpeg(320, 180, "Camera 1");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(img.getWidth()).isEqualTo(320);
        assertThat(img.getHeight()).isEqualTo(180);
        assertThat(NoSignalFrame.jpeg(320, 180, "Camera 1")).isSameAs(jpeg);
        assertThat(NoSignalFrame.jpeg(64, 36)).isNotEqualTo(jpeg);
        assertThatThrownBy(() -> NoSignalFrame.jpeg(100_000, 10)).isInstanceOf(DamException.class);
    }
}
