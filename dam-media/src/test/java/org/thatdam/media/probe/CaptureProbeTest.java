package org.thatdam.media.probe;

import org.thatdam.media.libav.DisplaySize;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.CaptureSource;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.derive.PosterMaker;
import org.thatdam.media.derive.PosterResult;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.testing.TestMedia;

/** Capture time and display geometry as the prober reads them from real files made by ffmpeg. */
class CaptureProbeTest {

    private final MediaProber prober = new MediaProber(FfmpegTools.bundled(), Duration.ofSeconds(30));

    @Test
    void containerCreationTimeIsQuicktime() {
        MediaInfo m = prober.probe(TestMedia.datedMp4());
        assertThat(m.capturedAt()).isEqualTo(Instant.parse("2021-05-06T07:08:09Z"));
        assertThat(m.captureSource()).isEqualTo(CaptureSource.QUICKTIME);
    }

    @Test
    void exifDateTimeOriginalWithItsOffset() {
        MediaInfo m = prober.probe(TestMedia.jpegWithExifOffset());
        assertThat(m.capturedAt()).isEqualTo(Instant.parse("2022-12-24T16:30:00Z"));
        assertThat(m.captureSource()).isEqualTo(CaptureSource.EXIF);
        MediaInfo noOffset = prober.probe(TestMedia.jpegWithExif());
        assertThat(noOffset.capturedAt()).as("no offset: local time read as UTC")
                .isEqualTo(Instant.parse("2023-07-14T09:08:07Z"));
    }

    @Test
    void xmpCreateDate() {
        MediaInfo m = prober.probe(TestMedia.jpegWithXmp());
        assertThat(m.capturedAt()).isEqualTo(Instant.parse("2020-02-29T17:34:56Z"));
        assertThat(m.captureSource()).isEqualTo(CaptureSource.XMP);
    }

    @Test
    void undatedFilesLeaveItToTheNameOrTheModificationTime() {
        MediaInfo m = prober.probe(TestMedia.undatedMp4());
        assertThat(m.capturedAt()).isNull();
        assertThat(CaptureTime.complete(m, "VID_20230102_030405.mp4", 0).captureSource()).isEqualTo(CaptureSource.FILENAME);
    }

    @Test
    void anamorphicPixelsGiveTheDisplaySizeAndAPosterWithThatAspect(@TempDir Path dir) throws Exception {
        Path clip = TestMedia.anamorphicMp4();
        MediaInfo m = prober.probe(clip);
        assertThat(m.width()).isEqualTo(320);
        assertThat(m.height()).isEqualTo(240); // 180 / (3/4)
        assertThat(m.streams().get(0).width()).isEqualTo(320); // coded size stays in the stream
        assertThat(m.streams().get(0).height()).isEqualTo(180);
        PosterResult r = new PosterMaker(FfmpegTools.bundled(), Duration.ofSeconds(60))
                .make(clip, m, dir.resolve("s.jpg"), dir.resolve("l.jpg"), () -> false);
        BufferedImage large = ImageIO.read(dir.resolve("l.jpg").toFile());
        assertThat(large.getWidth()).isEqualTo(320);
        assertThat(large.getHeight()).isEqualTo(240);
        assertThat(r.large().width()).isEqualTo(320);
    }

    @Test
    void aRotatedMovIsPortrait() {
        MediaInfo m = prober.probe(TestMedia.rotatedMov());
        assertThat(m.width()).isLessThan(m.height());
        assertThat(m.width()).isEqualTo(360);
        assertThat(m.height()).isEqualTo(640);
        assertThat(m.captureSource()).isEqualTo(CaptureSource.QUICKTIME);
        assertThat(m.capturedAt()).isEqualTo(Instant.parse("2024-03-05T10:20:30Z"));
    }
}
