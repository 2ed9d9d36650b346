package org.thatdam.media.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.media.derive.DeriveTesting.meanLuma;
import static org.thatdam.media.derive.DeriveTesting.read;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.media.worker.MediaWorkers;
import org.thatdam.media.worker.WorkerOptions;

/** Video posters from one decode in a media worker: key frames first, exact times only when no key frame will do. */
class PosterMakerWorkersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final MediaWorkers POOL = new MediaWorkers(WorkerOptions.of(1));
    private final PosterMaker maker = new PosterMaker(FfmpegTools.bundled(), TIMEOUT, POOL);
    private final MediaProber prober = new MediaProber(FfmpegTools.bundled(), TIMEOUT);
    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        POOL.close();
    }

    private PosterResult make(Path input) {
        return maker.make(input, prober.probe(input), dir.resolve("small.jpg"), dir.resolve("large.jpg"), () -> false);
    }

    @Test
    void aUsableKeyFrameIsThePosterAfterOneRequest() throws Exception {
        long before = POOL.stats().requests();
        PosterResult r = make(TestMedia.spriteClip()); // 20 s, a key frame every 2 s
        assertThat(POOL.stats().requests() - before).isEqualTo(1);
        assertThat(r.atSec()).isEqualTo(2.0); // the key frame at 10 %
        assertThat(r.large()).isEqualTo(new Size(256, 144));
        assertThat(meanLuma(read(dir.resolve("large.jpg")))).isGreaterThan(40);
    }

    @Test
    void aClipShorterThanOneGroupOfPicturesGetsAFrameFromItsMiddleNotItsFirst() {
        // 6 s at 25 fps, x264's default key frame interval (250): the first frame is the only key frame
        Path clip = TestMedia.make("short-gop-6s.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25"),
                "-t", "6", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        PosterResult ours = make(clip);
        PosterResult theirs = new PosterMaker(FfmpegTools.bundled(), TIMEOUT, null)
                .make(clip, prober.probe(clip), dir.resolve("s2.jpg"), dir.resolve("l2.jpg"), () -> false);
        assertThat(ours.atSec()).isGreaterThan(0.1).isCloseTo(theirs.atSec(), org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void legacyAndOddFormatsGetTheSamePosterSizesAsThroughFfmpeg() throws Exception {
        PosterMaker ffmpeg = new PosterMaker(FfmpegTools.bundled(), TIMEOUT, null);
        for (Path clip : List.of(TestMedia.aviMsmpeg4v3(), TestMedia.aviCinepak(), TestMedia.aviMpeg4Ac3(),
                TestMedia.mpeg2ProgramStream(), TestMedia.webm(), TestMedia.mkv(), TestMedia.anamorphicMp4(),
                TestMedia.rotatedMov())) {
            var info = prober.probe(clip);
            PosterResult ours = maker.make(clip, info, dir.resolve("small.jpg"), dir.resolve("large.jpg"), () -> false);
            assertThat(meanLuma(read(dir.resolve("large.jpg")))).as("%s", clip.getFileName()).isGreaterThan(40);
            PosterResult theirs = ffmpeg.make(clip, info, dir.resolve("s2.jpg"), dir.resolve("l2.jpg"), () -> false);
            assertThat(ours.large()).as("%s", clip.getFileName()).isEqualTo(theirs.large());
            assertThat(ours.small()).as("%s", clip.getFileName()).isEqualTo(theirs.small());
        }
    }

    @Test
    void aLargePhotoDecodedAtHalfSizeLooksAsThroughFfmpeg() throws Exception {
        Path photo = TestMedia.make("photo-2700.jpg", List.of("-f", "lavfi", "-i", "testsrc2=size=2700x1800:rate=1"),
                "-frames:v", "1", "-q:v", "3");
        var info = prober.probe(photo);
        PosterResult ours = maker.make(photo, info, dir.resolve("small.jpg"), dir.resolve("large.jpg"), () -> false);
        PosterResult theirs = new PosterMaker(FfmpegTools.bundled(), TIMEOUT, null)
                .make(photo, info, dir.resolve("s2.jpg"), dir.resolve("l2.jpg"), () -> false);
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.large()).isEqualTo(new Size(1280, 852));
        var a = read(dir.resolve("large.jpg"));
        var b = read(dir.resolve("l2.jpg"));
        long diff = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int sh = 0; sh < 24; sh += 8) diff += Math.abs((p >> sh & 0xff) - (q >> sh & 0xff));
            }
        }
        assertThat(diff / (3.0 * a.getWidth() * a.getHeight())).isLessThan(4.0);
    }

    @Test
    void whenTheOnlyKeyFrameIsBlackTheExactTimesAreDecoded() throws Exception {
        // Black for 2 s, then a pattern, one key frame at the very start.
        Path clip = TestMedia.make("black-one-key.mp4", List.of("-f", "lavfi", "-i",
                        "color=c=black:s=320x180:r=25:d=2[b];testsrc2=s=320x180:r=25:d=2[t];[b][t]concat=n=2:v=1:a=0"),
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "1000", "-sc_threshold", "0", "-pix_fmt", "yuv420p");
        long before = POOL.stats().requests();
        PosterResult r = make(clip);
        assertThat(POOL.stats().requests() - before).isEqualTo(2);
        assertThat(r.atSec()).isGreaterThanOrEqualTo(2.0).isLessThan(4.0);
        assertThat(meanLuma(read(dir.resolve("large.jpg")))).isGreaterThan(60);
        assertThat(meanLuma(read(dir.resolve("small.jpg")))).isGreaterThan(60);
    }
}
