package org.thatdam.media.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.thatdam.media.ffmpeg.FfmpegTools;

class HwAccelTest {

    /** Holds on any machine: with or without a GPU, the first candidate that encodes a frame is chosen. */
    @Test
    void theFirstWorkingCandidateIsChosenAndEachThatFailsSaysWhy() {
        HwAccelReport report = HwAccel.detect(FfmpegTools.bundled());
        System.out.printf("hwaccel: %s%n", report);
        assertThat(report.candidates()).extracting(HwEncoder::name).containsExactlyElementsOf(HwAccel.CANDIDATES);
        // The bundled build has all four compiled in; whether one works depends on this machine's hardware.
        assertThat(report.candidates()).allSatisfy(e -> assertThat(e.listed()).as(e.name()).isTrue());
        Optional<HwEncoder> working = report.candidates().stream().filter(HwEncoder::works).findFirst();
        assertThat(report.chosen()).isEqualTo(working.map(HwEncoder::name).orElse(HwAccel.SOFTWARE));
        assertThat(report.hardware()).isEqualTo(working.isPresent());
        assertThat(report.candidates()).filteredOn(e -> !e.works()).allSatisfy(e ->
                assertThat(e.detail()).as(e.name()).isNotBlank().hasSizeLessThan(200).doesNotContain("\n")
                        .doesNotContain("Exception").doesNotContain("Task finished").doesNotContain(" at org."));
        HwEncoder nvenc = report.candidates().get(0);
        if (!nvenc.works() && !Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1"))) {
            assertThat(nvenc.detail()).as("NVENC without the NVIDIA driver").contains("libcuda");
        }
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
