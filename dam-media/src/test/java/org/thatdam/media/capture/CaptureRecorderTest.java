package org.thatdam.media.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.FrameRate;
import org.thatdam.model.Timecode;

/** Five seconds of a live test pattern with sound, recorded twice at once: one timecode from the clock, one given. */
class CaptureRecorderTest {

    static final FrameRate RATE = new FrameRate(25, 1);
    static final EncoderSettings X264 = new EncoderSettings("libx264", 23, 0, 1, "veryfast");
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static LiveIngest feed;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        feed = LiveTestSources.start("test-1", RATE);
    }

    @AfterAll
    static void end() {
        feed.close();
    }

    @Test
    void fiveSecondsWithTimecodeSoundAndEveryFrameIntact() throws Exception {
        Path a = dir.resolve("clock.mp4");
        Path b = dir.resolve("given.mp4");
        Recorder fromClock = Recorder.prepare(feed, new RecordSpec(a, "Take = one; #1", null, X264, ZONE), FfmpegTools.bundled());
        Recorder given = Recorder.prepare(feed, new RecordSpec(b, "Take two", Timecode.parse("10:00:00:00"), X264, ZONE),
                FfmpegTools.bundled());
        Recorder.beginTogether(List.of(fromClock, given));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> fromClock.progress().frames() >= 125 && given.progress().frames() >= 125);
        assertThat(fromClock.progress().bytes()).as("fragments are on disk while recording").isPositive();
        Recorder.Result ra = fromClock.stop();
        Recorder.Result rb = given.stop();

        for (Recorder.Result r : List.of(ra, rb)) {
            assertThat(r.clean()).as(r.error()).isTrue();
            assertThat(r.error()).isNull();
            assertThat(r.rate()).isEqualTo(RATE);
            assertThat(r.droppedFrames()).isZero();
            assertThat(r.durationSeconds()).isCloseTo(r.frames() / 25.0, within(1e-9));
        }
        assertThat(ra.firstFrameAt()).as("same feed, same start: the same first frame").isEqualTo(rb.firstFrameAt());

        Probe pa = Probe.of(a);
        assertThat(pa.streamKinds()).contains("video:avc1", "audio:mp4a", "data:tmcd");
        String expected = Timecode.fromWallClock(ra.firstFrameAt(), ZONE, RATE).toString();
        assertThat(ra.startTimecode()).isEqualTo(expected);
        assertThat(pa.tmcdTimecode()).isEqualTo(expected);
        assertThat(pa.videoSeconds()).isCloseTo(ra.frames() / 25.0, within(0.05)).isGreaterThanOrEqualTo(4.9);
        assertThat(pa.stream("audio").path("duration").asDouble()).isCloseTo(pa.videoSeconds(), within(0.3));
        assertThat(pa.tag("title")).isEqualTo("Take = one; #1");
        assertThat(pa.tag("creation_time")).startsWith(ra.firstFrameAt().toString().substring(0, 19));
        assertThat(pa.videoFramesDecoded()).as("a clean stop keeps the last frame").isEqualTo(ra.frames());
        assertThat(ra.bytes()).isEqualTo(java.nio.file.Files.size(a));

        Probe pb = Probe.of(b);
        assertThat(pb.tmcdTimecode()).isEqualTo("10:00:00:00");
        assertThat(rb.startTimecode()).isEqualTo("10:00:00:00");
        assertThat(pb.videoFramesDecoded()).isEqualTo(rb.frames());
        assertThat(Probe.decodeErrors(b)).isEmpty();
    }
}
