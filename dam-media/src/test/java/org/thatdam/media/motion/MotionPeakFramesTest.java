package org.thatdam.media.motion;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.testing.TestMedia;

class MotionPeakFramesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    @TempDir
    Path dir;

    @Test
    void savesTheHighestPeaksInTimeOrder() throws Exception {
        List<MotionSegment> segments = List.of(new MotionSegment(0, 2, 0.1, 1.0),
                new MotionSegment(3, 6, 0.5, 4.0), new MotionSegment(11, 13, 0.3, 12.0));
        List<Path> files = new PeakFrames(FfmpegTools.bundled(), TIMEOUT).save(MotionMedia.scene(), segments, 2, dir, () -> false);
        assertThat(files).containsExactly(dir.resolve("peak-01.jpg"), dir.resolve("peak-02.jpg"));
        BufferedImage img = ImageIO.read(files.get(0).toFile());
        assertThat(img.getWidth()).isEqualTo(320);
        assertThat(img.getHeight()).isEqualTo(240);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("peak-01.jpg", "peak-02.jpg");
        }
    }

    @Test
    void framesAreUprightAndAtMost640() throws Exception {
        // 1920x1080 display-rotated by 90°: upright the picture is portrait
        List<Path> files = new PeakFrames(FfmpegTools.bundled(), TIMEOUT).save(TestMedia.rotatedMov(),
                List.of(new MotionSegment(0, 1, 0.2, 0.5)), 5, dir, () -> false);
        BufferedImage img = ImageIO.read(files.get(0).toFile());
        assertThat(Math.max(img.getWidth(), img.getHeight())).isLessThanOrEqualTo(640);
        assertThat(img.getHeight()).isGreaterThan(img.getWidth());
    }
}
