package org.thatdam.media.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thatdam.media.derive.DeriveTesting.meanLuma;
import static org.thatdam.media.derive.DeriveTesting.names;
import static org.thatdam.media.derive.DeriveTesting.read;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.testing.TestMedia;

class PosterMakerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final MediaProber prober = new MediaProber(FfmpegTools.bundled(), TIMEOUT);
    final PosterMaker maker = maker();
    @TempDir
    Path dir;

    /** The maker under test: video posters through the media workers (the default). */
    PosterMaker maker() {
        return new PosterMaker(FfmpegTools.bundled(), TIMEOUT);
    }

    private PosterResult make(Path input) {
        long t0 = System.nanoTime();
        PosterResult r = maker.make(input, prober.probe(input), dir.resolve("small.jpg"), dir.resolve("large.jpg"),
                () -> false);
        System.out.printf("poster %s: %d ms -> %s%n", input.getFileName(), (System.nanoTime() - t0) / 1_000_000, r);
        return r;
    }

    private void assertWritten(PosterResult r) throws Exception {
        BufferedImage small = read(dir.resolve("small.jpg"));
        BufferedImage large = read(dir.resolve("large.jpg"));
        assertThat(new Size(small.getWidth(), small.getHeight())).isEqualTo(r.small());
        assertThat(new Size(large.getWidth(), large.getHeight())).isEqualTo(r.large());
        for (Size s : List.of(r.small(), r.large())) {
            assertThat(s.width() % 2).isZero();
            assertThat(s.height() % 2).isZero();
        }
        assertThat(r.small().longSide()).isLessThanOrEqualTo(320);
        assertThat(r.large().longSide()).isLessThanOrEqualTo(1280);
        assertThat(names(dir)).containsExactly("large.jpg", "small.jpg"); // no temporary files left
    }

    @Test
    void aBlackLeaderIsSkipped() throws Exception {
        PosterResult r = make(TestMedia.blackThenPattern());
        assertWritten(r);
        assertThat(r.atSec()).isGreaterThanOrEqualTo(2.0).isLessThan(4.0);
        assertThat(r.large()).isEqualTo(new Size(320, 180)); // never upscaled
        assertThat(r.small()).isEqualTo(new Size(320, 180));
        assertThat(meanLuma(read(dir.resolve("small.jpg")))).isGreaterThan(60);
        assertThat(meanLuma(read(dir.resolve("large.jpg")))).isGreaterThan(60);
    }

    @Test
    void choosingSkipsBlackWhiteAndFlatElseTakesMostContrast() {
        var black = new PosterMaker.Candidate(1, 3, 1);
        var white = new PosterMaker.Candidate(2, 250, 4);
        var flatGrey = new PosterMaker.Candidate(3, 128, 2);
        var darkTitles = new PosterMaker.Candidate(4, 20, 40);
        var good = new PosterMaker.Candidate(5, 110, 50);
        var better = new PosterMaker.Candidate(6, 120, 70);
        assertThat(PosterMaker.choose(List.of(black, white, flatGrey, good, better))).isEqualTo(good);
        assertThat(PosterMaker.choose(List.of(black, darkTitles, flatGrey))).isEqualTo(darkTitles);
        assertThat(PosterMaker.candidateTimes(100.0, 25.0)).containsExactly(10.0, 30.0, 50.0, 70.0, 90.0);
        assertThat(PosterMaker.candidateTimes(0.3, 30.0)).allSatisfy(t -> assertThat(t).isBetween(0.0, 0.24))
                .hasSize(5);
        assertThat(PosterMaker.candidateTimes(0.05, 25.0)).containsExactly(0.0);
        assertThat(PosterMaker.candidateTimes(null, null)).containsExactly(0.0);
    }

    @Test
    void portraitPhoneClipIsUpright() throws Exception {
        PosterResult r = make(TestMedia.rotatedMov()); // coded 640x360, displayed 360x640
        assertWritten(r);
        assertThat(r.small()).isEqualTo(new Size(180, 320));
        assertThat(r.large()).isEqualTo(new Size(360, 640));
        // And turned the right way: the coded top-left corner is shown top-right.
        PosterResult c = make(TestMedia.rotatedCornerMov());
        assertThat(c.large()).isEqualTo(new Size(180, 320));
        DeriveTesting.assertCornerTopRight(read(dir.resolve("large.jpg")), 0, 0, 180, 320);
        DeriveTesting.assertCornerTopRight(read(dir.resolve("small.jpg")), 0, 0, 180, 320);
    }

    @Test
    void shortAndSmallClipsAreNeverUpscaled() throws Exception {
        PosterResult r = make(TestMedia.shortClip()); // 160x120, 0.3 s
        assertWritten(r);
        assertThat(r.small()).isEqualTo(new Size(160, 120));
        assertThat(r.large()).isEqualTo(new Size(160, 120));
        assertThat(r.atSec()).isBetween(0.0, 0.3);
        assertThat(meanLuma(read(dir.resolve("small.jpg")))).isGreaterThan(40);
    }

    @Test
    void aLargeFrameIsScaledDown() throws Exception {
        PosterResult r = make(TestMedia.clip(0.5, "1920x1080"));
        assertWritten(r);
        assertThat(r.large()).isEqualTo(new Size(1280, 720));
        assertThat(r.small()).isEqualTo(new Size(320, 180));
    }

    @Test
    void imagesArePostersOfThemselves() throws Exception {
        PosterResult r = make(TestMedia.png()); // 200x100
        assertWritten(r);
        assertThat(r.small()).isEqualTo(new Size(200, 100));
        assertThat(r.large()).isEqualTo(new Size(200, 100));
        assertThat(r.atSec()).isZero();
    }

    @Test
    void exifOrientationSixIsTurnedClockwise() throws Exception {
        PosterResult r = make(TestMedia.jpegWithExif()); // stored 320x200, orientation 6
        assertWritten(r);
        assertThat(r.large()).isEqualTo(new Size(200, 320));
        // The white block stored top-left must end up top-right after a quarter turn clockwise.
        make(TestMedia.jpegWithOrientation(6));
        BufferedImage img = read(dir.resolve("large.jpg"));
        assertThat(img.getWidth()).isEqualTo(200);
        assertThat(img.getHeight()).isEqualTo(320);
        assertThat(meanLuma(img, 160, 5, 30, 60)).isGreaterThan(200); // top right: white
        assertThat(meanLuma(img, 5, 5, 30, 60)).isLessThan(40); // top left: black
        assertThat(meanLuma(img, 160, 250, 30, 60)).isLessThan(40); // bottom right: black
    }

    @Test
    void everyExifOrientationEndsUpright() throws Exception {
        // Where the stored top-left block lands for each orientation (display corner: 0 TL, 1 TR, 2 BR, 3 BL).
        int[] corner = {0, 0, 1, 2, 3, 0, 1, 2, 3};
        for (int o = 1; o <= 8; o++) {
            make(TestMedia.jpegWithOrientation(o));
            BufferedImage img = read(dir.resolve("large.jpg"));
            boolean sideways = o >= 5;
            assertThat(img.getWidth()).as("orientation %d", o).isEqualTo(sideways ? 200 : 320);
            int w = img.getWidth(), h = img.getHeight();
            int[][] probes = {{5, 5}, {w - 25, 5}, {w - 25, h - 25}, {5, h - 25}};
            for (int c = 0; c < 4; c++) {
                double l = meanLuma(img, probes[c][0], probes[c][1], 20, 20);
                if (c == corner[o]) {
                    assertThat(l).as("orientation %d corner %d", o, c).isGreaterThan(200);
                } else {
                    assertThat(l).as("orientation %d corner %d", o, c).isLessThan(40);
                }
            }
        }
    }

    @Test
    void audioGetsAWaveform() throws Exception {
        PosterResult r = make(TestMedia.mp3());
        assertWritten(r);
        assertThat(r.large()).isEqualTo(new Size(1280, 320));
        assertThat(r.small()).isEqualTo(new Size(320, 80));
        BufferedImage img = read(dir.resolve("large.jpg"));
        // A steady tone: a band around the middle, background above and below.
        assertThat(meanLuma(img, 600, 155, 80, 10)).isGreaterThan(100);
        assertThat(meanLuma(img, 600, 5, 80, 10)).isLessThan(50);
    }

    @Test
    void damagedInputFailsPreciselyAndWritesNothing() throws Exception {
        Path small = dir.resolve("small.jpg"), large = dir.resolve("large.jpg");
        MediaInfo unknown = MediaInfo.unknown(AssetKind.VIDEO);
        assertThatThrownBy(() -> maker.make(TestMedia.randomBytesMp4(), unknown, small, large, () -> false))
                .isInstanceOf(MediaException.class).hasMessageContaining("Invalid data found")
                .hasMessageNotContaining(TestMedia.randomBytesMp4().getParent().toString());
        assertThatThrownBy(() -> maker.make(TestMedia.truncatedMp4(), unknown, small, large, () -> false))
                .isInstanceOf(MediaException.class).hasMessageContaining("moov atom not found");
        // Metadata from a healthy version of the file: then ffmpeg itself meets the damage.
        MediaInfo healthy = prober.probe(TestMedia.h264Mp4());
        assertThatThrownBy(() -> maker.make(TestMedia.randomBytesMp4(), healthy, small, large, () -> false))
                .isInstanceOf(MediaException.class).hasMessageStartingWith("cannot make a poster: ")
                .hasMessageContaining("Invalid data found");
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void oddNamesAreFilesAndOldPostersAreReplaced() throws Exception {
        Path odd = TestMedia.copy(TestMedia.h264Mp4(), dir.resolve("in"), "-i x.mp4");
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("small.jpg"), "old");
        PosterResult r = maker.make(odd, prober.probe(odd), out.resolve("small.jpg"), out.resolve("large.jpg"),
                () -> false);
        assertThat(r.small()).isEqualTo(new Size(320, 240));
        assertThat(read(out.resolve("small.jpg")).getWidth()).isEqualTo(320);
        assertThat(names(out)).containsExactly("large.jpg", "small.jpg");
        assertThat(names(dir.resolve("in"))).containsExactly("-i x.mp4"); // nothing written next to the input
    }

    @Test
    void cancelWritesNothing() throws Exception {
        Path input = TestMedia.h264Mp4();
        MediaInfo info = prober.probe(input);
        assertThatThrownBy(() -> maker.make(input, info, dir.resolve("small.jpg"), dir.resolve("large.jpg"),
                () -> true)).isInstanceOf(ToolRunner.CancelledException.class);
        assertThat(names(dir)).isEmpty();
    }
}
