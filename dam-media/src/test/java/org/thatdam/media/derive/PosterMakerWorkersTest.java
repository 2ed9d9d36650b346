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
