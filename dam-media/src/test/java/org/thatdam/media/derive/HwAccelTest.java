package org.thatdam.media.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.MediaInfo;

/**
 * Detection holds on any machine: with a working hardware encoder it is chosen and really encodes,
 * without one the software encoder is chosen and each candidate says why it was passed over.
 */
class HwAccelTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static HwAccelReport report;

    @TempDir Path dir;

    @BeforeAll
    static void detect() {
        long t0 = System.nanoTime();
        report = HwAccel.detect(FfmpegTools.bundled());
        System.out.printf("hwaccel: %d ms -> %s%n", (System.nanoTime() - t0) / 1_000_000, report);
    }

    @Test
    void everyCandidateIsTriedAndSaysWhyInOneLine() {
        assertThat(report.candidates()).extracting(HwEncoder::name).containsExactlyElementsOf(HwAccel.CANDIDATES);
        // The bundled build has all four compiled in, whatever hardware the machine has.
        assertThat(report.candidates()).allSatisfy(e -> {
            assertThat(e.listed()).as(e.name()).isTrue();
            assertThat(e.detail()).as(e.name()).isNotBlank().hasSizeLessThan(200).doesNotContain("\n")
                    .doesNotContain("Exception").doesNotContain("Task finished").doesNotContain(" at org.");
            if (e.works()) {
                assertThat(e.detail()).as(e.name()).isEqualTo("ok");
            } else {
                assertThat(e.detail()).as(e.name()).isNotEqualTo("ok");
            }
        });
    }

    @Test
    void theFirstWorkingCandidateIsChosenElseSoftware() {
        String firstWorking = report.candidates().stream().filter(HwEncoder::works).map(HwEncoder::name)
                .findFirst().orElse(HwAccel.SOFTWARE);
        assertThat(report.chosen()).isEqualTo(firstWorking);
        assertThat(report.hardware()).isEqualTo(!firstWorking.equals(HwAccel.SOFTWARE));
    }

    /** Whatever was chosen, hardware or software, makes a real proxy of a short clip. */
    @Test
    void theChosenEncoderReallyEncodes() {
        Path clip = TestMedia.shortClip();
        MediaProber prober = new MediaProber(FfmpegTools.bundled(), TIMEOUT);
        MediaInfo info = prober.probe(clip);
        ProxyResult r = new ProxyMaker(FfmpegTools.bundled(), TIMEOUT)
                .make(clip, info, dir.resolve("proxy.mp4"), report.chosen(), null, () -> false);
        assertThat(r.videoEncoder()).isEqualTo(report.chosen());
        MediaInfo proxy = prober.probe(r.file());
        assertThat(proxy.videoCodec()).isEqualTo("h264");
        assertThat(proxy.durationSec()).isGreaterThan(0.5 * info.durationSec());
    }

    @Test
    void encoderListingIsParsed() {
        String listing = """
                Encoders:
                 V..... = Video
                 A..... = Audio
                 ------
                 V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC (codec h264)
                 V..... h264_qsv             H.264 (Intel Quick Sync Video acceleration) (codec h264)
                 A....D aac                  AAC (Advanced Audio Coding)
                """;
        assertThat(HwAccel.parseEncoders(listing)).containsExactlyInAnyOrder("libx264", "h264_qsv", "aac");
    }
}
