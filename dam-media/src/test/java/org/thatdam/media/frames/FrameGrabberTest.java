package org.thatdam.media.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.media.worker.MediaWorkers;
import org.thatdam.media.worker.WorkerOptions;
import org.thatdam.model.DamException;

class FrameGrabberTest {

    /** 3 s at 320x180: red, then green, then blue, a second each. */
    static Path colours() {
        return TestMedia.make("rgb-seconds.mp4", List.of("-f", "lavfi", "-i",
                        "color=c=red:s=320x180:r=25:d=1[r];color=c=lime:s=320x180:r=25:d=1[g];"
                                + "color=c=blue:s=320x180:r=25:d=1[b];[r][g][b]concat=n=3:v=1:a=0[out0]"),
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
    }

    final FrameGrabber grabber = new FrameGrabber(FfmpegTools.bundled(), Duration.ofMinutes(1));

    @Test
    void takesTheFrameShownAtEachTimeScaledDownInOneRun() {
        List<FrameGrabber.Frame> frames = grabber.grabAll(colours(), List.of(0.0, 1.5, 2.2, 9.0), 160, () -> false);

        assertThat(frames).extracting(FrameGrabber.Frame::index).containsExactly(0, 1, 2);
        assertThat(frames).extracting(FrameGrabber.Frame::timeSec).containsExactly(0.0, 1.5, 2.2);
        assertThat(frames).allSatisfy(f -> {
            assertThat(f.image().getWidth()).isEqualTo(160);
            assertThat(f.image().getHeight()).isEqualTo(90);
        });
        assertThat(frames).extracting(f -> dominant(new Color(f.image().getRGB(80, 45))))
                .containsExactly("red", "green", "blue");
    }

    @Test
    void workersTakeTheFramesFfmpegTakes() {
        List<Double> times = List.of(0.0, 0.96, 1.5, 2.2, 2.9, 9.0);
        try (MediaWorkers workers = new MediaWorkers(WorkerOptions.of(1))) {
            for (Path input : List.of(colours(), TestMedia.rotatedCornerMov())) {
                List<FrameGrabber.Frame> ffmpeg = new FrameGrabber(FfmpegTools.bundled(), Duration.ofMinutes(1), null)
                        .grabAll(input, times, 160, () -> false);
                List<FrameGrabber.Frame> worker = new FrameGrabber(FfmpegTools.bundled(), Duration.ofMinutes(1), workers)
                        .grabAll(input, times, 160, () -> false);
                assertThat(worker).extracting(FrameGrabber.Frame::index)
                        .isEqualTo(ffmpeg.stream().map(FrameGrabber.Frame::index).toList());
                for (int i = 0; i < ffmpeg.size(); i++) {
                    var a = ffmpeg.get(i).image();
                    var b = worker.get(i).image();
                    assertThat(b.getWidth()).isEqualTo(a.getWidth());
                    assertThat(b.getHeight()).isEqualTo(a.getHeight()); // upright alike
                    long diff = 0;
                    for (int y = 0; y < a.getHeight(); y++) {
                        for (int x = 0; x < a.getWidth(); x++) {
                            diff += Math.abs((a.getRGB(x, y) >> 8 & 0xff) - (b.getRGB(x, y) >> 8 & 0xff));
                        }
                    }
                    assertThat(diff / (double) (a.getWidth() * a.getHeight())).as("%s frame %d", input, i).isLessThan(2);
                }
            }
        }
    }

    @Test
    void neverUpscales() {
        List<FrameGrabber.Frame> frames = grabber.grabAll(colours(), List.of(0.5), 1920, () -> false);
        assertThat(frames.get(0).image().getWidth()).isEqualTo(320);
    }

    @Test
    void refusesTimesOutOfOrderAndWidthsOutOfRange() {
        assertThatThrownBy(() -> grabber.grabAll(colours(), List.of(2.0, 1.0), 320, () -> false))
                .isInstanceOf(DamException.class).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> grabber.grabAll(colours(), List.of(-1.0), 320, () -> false))
                .isInstanceOf(DamException.class);
        assertThatThrownBy(() -> grabber.grabAll(colours(), List.of(1.0), 8, () -> false))
                .isInstanceOf(DamException.class).hasMessageContaining("width");
    }

    @Test
    void aFileThatIsNotMediaIsAMediaError() {
        assertThatThrownBy(() -> grabber.grabAll(TestMedia.randomBytesMp4(), List.of(0.0), 320, () -> false))
                .isInstanceOf(DamException.class);
    }

    static String dominant(Color c) {
        int r = c.getRed(), g = c.getGreen(), b = c.getBlue();
        if (r > 150 && g < 80 && b < 80) return "red";
        if (g > 150 && r < 80 && b < 80) return "green";
        if (b > 150 && r < 80 && g < 80) return "blue";
        return c.toString();
    }
}
