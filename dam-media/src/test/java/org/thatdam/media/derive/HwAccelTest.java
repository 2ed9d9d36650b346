package org.thatdam.media.derive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.thatdam.media.ffmpeg.FfmpegTools;

class HwAccelTest {

    @Test
    void noHardwareEncoderWorksHereAndEachSaysWhy() {
        long t0 = System.nanoTime();
        HwAccelReport report = HwAccel.detect(FfmpegTools.bundled());
        System.out.printf("hwaccel: %d ms -> %s%n", (System.nanoTime() - t0) / 1_000_000, report);
        assertThat(report.chosen()).isEqualTo("libx264");
        assertThat(report.hardware()).isFalse();
        assertThat(report.candidates()).extracting(HwEncoder::name).containsExactlyElementsOf(HwAccel.CANDIDATES);
        // The bundled build has all four compiled in; none has its hardware on this machine.
        assertThat(report.candidates()).allSatisfy(e -> {
            assertThat(e.listed()).as(e.name()).isTrue();
            assertThat(e.works()).as(e.name()).isFalse();
            assertThat(e.detail()).as(e.name()).isNotBlank().hasSizeLessThan(200).doesNotContain("\n")
                    .doesNotContain("Exception").doesNotContain("Task finished").doesNotContain(" at org.");
        });
        assertThat(report.candidates().get(0).detail()).contains("libcuda");
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
