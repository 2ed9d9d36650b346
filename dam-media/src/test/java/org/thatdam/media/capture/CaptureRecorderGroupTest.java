package org.thatdam.media.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.FrameRate;

/** Two sources at 29.97 recorded together: they start within a frame, with drop-frame timecodes; a lost signal is told. */
class CaptureRecorderGroupTest {

    @TempDir
    Path dir;

    /** Every frame's arrival, as a recorder sees it. */
    static final class Arrivals implements RawSubscriber {
        record Seen(long nanos, java.time.Instant at) {}

        final java.util.List<Seen> frames = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void video(VideoFrame f) {
            frames.add(new Seen(f.arrivalNanos(), f.arrival()));
        }

        @Override
        public void audio(AudioChunk c) {}

        @Override
        public void signal(boolean present) {}

        java.time.Instant firstAtOrAfter(long t) {
            return frames.stream().filter(x -> x.nanos() >= t).findFirst().orElseThrow().at();
        }

        /** The wait between the last frame before {@code t} and the first at or after it. */
        long gapAround(long t) {
            long before = frames.stream().filter(x -> x.nanos() < t).mapToLong(Seen::nanos).max().orElse(t);
            long after = frames.stream().filter(x -> x.nanos() >= t).mapToLong(Seen::nanos).min().orElseThrow();
            return after - before;
        }
    }

    @Test
    void twoSourcesBegunTogetherStartWithinOneFrameWithDropFrameTimecode() throws Exception {
        EncoderSettings enc = new EncoderSettings("libx264", 28, 0, 1, "ultrafast");
        try (LiveIngest one = LiveTestSources.start("test-1", FrameRate.NTSC);
             LiveIngest two = LiveTestSources.start("test-2", FrameRate.NTSC)) {
            LiveTestSources.Interruptible lossy = new LiveTestSources.Interruptible(two);
            Recorder a = Recorder.prepare(one, new RecordSpec(dir.resolve("a.mp4"), "A", null, enc, ZoneId.of("UTC")),
                    FfmpegTools.bundled());
            Recorder b = Recorder.prepare(lossy, new RecordSpec(dir.resolve("b.mp4"), "B", null, enc, ZoneId.of("UTC")),
                    FfmpegTools.bundled());
            Arrivals arrivalsA = new Arrivals();
            Arrivals arrivalsB = new Arrivals();
            AutoCloseable watchA = one.onRaw(arrivalsA);
            AutoCloseable watchB = two.onRaw(arrivalsB);
            long t = Recorder.beginTogether(List.of(a, b));
            await().atMost(Duration.ofSeconds(60)).until(() -> a.progress().frames() >= 30 && b.progress().frames() >= 30);

            long before = b.progress().droppedFrames();
            lossy.signal(false);
            long lostAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() - lostAt > 3 * FrameRate.NTSC.frameNanos()
                    && b.progress().droppedFrames() >= before + 3);
            lossy.signal(true);
            long gap = b.progress().droppedFrames() - before;

            Recorder.Result ra = a.stop();
            Recorder.Result rb = b.stop();
            assertThat(ra.clean()).as(ra.error()).isTrue();
            assertThat(rb.clean()).as(rb.error()).isTrue();
            watchA.close();
            watchB.close();
            // Each begins with its source's first frame arriving at or after the common instant ...
            assertThat(ra.firstFrameAt()).isEqualTo(arrivalsA.firstAtOrAfter(t));
            assertThat(rb.firstFrameAt()).isEqualTo(arrivalsB.firstAtOrAfter(t));
            // ... so they are apart by at most one frame, or by how late a busy machine handed a frame over.
            long skew = Math.abs(Duration.between(ra.firstFrameAt(), rb.firstFrameAt()).toNanos());
            long frame = FrameRate.NTSC.frameNanos();
            long late = Math.max(arrivalsA.gapAround(t), arrivalsB.gapAround(t));
            System.out.printf("start skew of two sources begun together: %.1f ms (one frame %.1f ms, longest wait"
                    + " for a frame at the start %.1f ms)%n", skew / 1e6, frame / 1e6, late / 1e6);
            assertThat(skew).as("start skew").isLessThanOrEqualTo(Math.max(frame, late));

            assertThat(ra.startTimecode()).matches("\\d{2}:\\d{2}:\\d{2};\\d{2}");
            Probe pa = Probe.of(dir.resolve("a.mp4"));
            assertThat(pa.tmcdTimecode()).isEqualTo(ra.startTimecode());
            assertThat(pa.videoFramesDecoded()).isEqualTo(ra.frames());

            assertThat(gap).as("the lost seconds are counted as dropped frames").isGreaterThanOrEqualTo(3);
            assertThat(rb.droppedFrames()).isGreaterThanOrEqualTo(gap);
            assertThat(Probe.of(dir.resolve("b.mp4")).videoFramesDecoded()).isEqualTo(rb.frames());
        }
    }
}
