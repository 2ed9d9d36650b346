package org.thatdam.media.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.DamException;
import org.thatdam.model.FrameRate;

/** The encoder chosen for recordings really encodes here; a configured one that does not falls back to libx264. */
class CaptureHardwareEncodersTest {

    @Test
    void detectedEncoderWorksAndIsCached() {
        String enc = HardwareEncoders.detect(FfmpegTools.bundled());
        assertThat(enc).isIn(HardwareEncoders.SOFTWARE, "h264_vaapi", "h264_nvenc", "h264_qsv", "h264_v4l2m2m");
        assertThat(HardwareEncoders.with(FfmpegTools.bundled()).works(enc)).isTrue();
        assertThat(HardwareEncoders.detect(FfmpegTools.bundled())).isSameAs(enc);
        assertThat(HardwareEncoders.with(FfmpegTools.bundled()).resolve("auto")).isEqualTo(enc);
    }

    @Test
    void aConfiguredEncoderThatFailsItsTrialFallsBack() {
        HardwareEncoders h = HardwareEncoders.with(FfmpegTools.bundled());
        for (String hw : HardwareEncoders.HARDWARE) {
            assertThat(h.resolve(hw)).isEqualTo(h.works(hw) ? hw : HardwareEncoders.SOFTWARE);
        }
        assertThat(h.resolve("libx264")).isEqualTo("libx264");
        assertThat(h.resolve("rm -rf /")).isEqualTo("libx264");
    }

    @Test
    void argumentsSayQualityOrBitrateAndTheKeyframeInterval() {
        assertThat(HardwareEncoders.videoArgs(new EncoderSettings("libx264", 20, 0, 2, "veryfast"), FrameRate.NTSC))
                .containsSubsequence("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-crf", "20", "-g", "60");
        assertThat(HardwareEncoders.videoArgs(new EncoderSettings("libx264", 20, 8000, 1, "-x"), new FrameRate(25, 1)))
                .containsSubsequence("-preset", "veryfast").containsSubsequence("-b:v", "8000k", "-maxrate", "8000k",
                        "-bufsize", "16000k").containsSubsequence("-g", "25").doesNotContain("-crf", "-x");
        assertThatThrownBy(() -> HardwareEncoders.videoArgs(new EncoderSettings("libx265;", 20, 0, 1, "fast"), FrameRate.NTSC))
                .isInstanceOf(DamException.class).hasMessageContaining("not an encoder");
    }
}
