package org.thatdam.media.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.testing.SmallDisk;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.FrameRate;

/** A recording whose encoder is killed, whose disk fills up, or whose folder is missing. */
class CaptureRecorderFailureTest {

    static final EncoderSettings FAST = new EncoderSettings("libx264", 28, 0, 1, "ultrafast");
    static LiveIngest feed;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        feed = LiveTestSources.start("test-1", new FrameRate(25, 1));
    }

    @AfterAll
    static void end() {
        feed.close();
    }

    @Test
    void killNineOfTheEncoderLeavesAPlayableFileUpToItsLastSecond() throws Exception {
        Path out = dir.resolve("killed.mp4");
        Recorder r = Recorder.prepare(feed, new RecordSpec(out, "killed", null, FAST, ZoneId.of("UTC")), FfmpegTools.bundled());
        ProcessHandle encoder = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(out.toString())).findFirst().orElseThrow();
        r.begin(System.nanoTime());
        // Two seconds of pictures in finished fragments on disk (the encoder holds its look-ahead and the open fragment)
        await().atMost(Duration.ofSeconds(60)).until(() -> playableFrames(out) >= 50);
        assertThat(encoder.destroyForcibly()).isTrue(); // SIGKILL
        await().atMost(Duration.ofSeconds(30)).until(() -> r.progress().error() != null);
        Recorder.Result res = r.stop();

        assertThat(res.clean()).isFalse();
        assertThat(res.error()).startsWith("the encoder ended").doesNotContain("Exception");
        assertThat(Probe.decodeErrors(out)).isEmpty();
        assertThat(Probe.of(out).videoFramesDecoded()).as("frames playable after the kill").isGreaterThanOrEqualTo(50);
    }

    private static long playableFrames(Path file) {
        try {
            return java.nio.file.Files.size(file) == 0 ? 0 : Probe.of(file).videoFramesDecoded();
        } catch (Exception | AssertionError e) {
            return 0; // not a whole fragment yet
        }
    }

    @Test
    void aFullDiskIsReportedInWords() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small"), 1)) {
            EncoderSettings lossless = new EncoderSettings("libx264", 0, 0, 1, "ultrafast");
            Recorder r = Recorder.prepare(feed, new RecordSpec(disk.dir().resolve("full.mp4"), "full", null, lossless,
                    ZoneId.of("UTC")), FfmpegTools.bundled());
            r.begin(System.nanoTime());
            await().atMost(Duration.ofSeconds(60)).until(() -> r.progress().error() != null);
            Recorder.Result res = r.stop();
            assertThat(res.clean()).isFalse();
            assertThat(res.error()).containsIgnoringCase("no space left").doesNotContain("Exception");
        }
    }

    @Test
    void aMissingFolderIsRefusedBeforeAnythingStarts() {
        Path out = dir.resolve("gone").resolve("x.mp4");
        assertThatThrownBy(() -> Recorder.prepare(feed, new RecordSpec(out, "x", null, FAST, ZoneId.of("UTC")),
                FfmpegTools.bundled()))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID))
                .hasMessageContaining("the folder does not exist");
        assertThat(Files.exists(out)).isFalse();
    }
}
