package org.thatdam.media.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.testing.TestMedia;

/** Fingerprints of generated clips: re-encodes and padded copies match, a different clip behind the same leader does not. */
class FingerprintMediaTest {

    static VideoFingerprint original, reencoded, padded, other;

    /** {@code blackSec} of black and silence, then 8 s of {@code source} with a tone. */
    static Path clip(String name, double blackSec, String source, int hz) {
        return TestMedia.make(name, List.of(
                        "-f", "lavfi", "-i", "color=c=black:s=640x360:r=25:d=" + blackSec + "[b];" + source
                                + ",trim=duration=8[m];[b][m]concat=n=2:v=1:a=0[out0]",
                        "-f", "lavfi", "-i", "aevalsrc=0:d=" + blackSec + ":s=44100[s];sine=frequency=" + hz
                                + ":sample_rate=44100:duration=8[t];[s][t]concat=n=2:v=0:a=1[out0]"),
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    @BeforeAll
    static void fingerprintAll() {
        Path x = clip("fp-original.mp4", 2, "mandelbrot=s=640x360:r=25", 440);
        Path smaller = TestMedia.make("fp-reencoded.mp4", List.of("-i", x.toString()), "-vf", "scale=320:180",
                "-c:v", "libx264", "-preset", "fast", "-crf", "36", "-c:a", "aac", "-b:a", "48k");
        Path longer = clip("fp-padded.mp4", 5, "mandelbrot=s=640x360:r=25", 440);
        Path different = clip("fp-other.mp4", 2, "testsrc2=s=640x360:r=25", 440);
        VideoFingerprinter f = new VideoFingerprinter(FfmpegTools.bundled(), Duration.ofMinutes(1));
        original = f.fingerprint(x, null, null, null);
        reencoded = f.fingerprint(smaller, null, null, null);
        padded = f.fingerprint(longer, null, null, null);
        other = f.fingerprint(different, null, null, null);
    }

    static FingerprintMatch match(VideoFingerprint a, VideoFingerprint b) {
        FingerprintMatch m = FingerprintMatch.best(a.frames(), b.frames(), VideoFingerprinter.RATE).orElseThrow();
        System.out.printf("distance %.2f offset %d overlap %d%n", m.meanDistance(), m.offset(), m.overlap());
        return m;
    }

    @Test
    void theContentStartsAfterTheBlackSilentLeader() {
        assertThat(original.contentStartSec()).isBetween(1.5, 2.5);
        assertThat(original.contentEndSec()).isBetween(9.5, 10.0);
        assertThat(padded.contentStartSec()).isBetween(4.5, 5.5);
        assertThat(original.frames()).hasSizeBetween(15, 17).doesNotContain(PerceptualHash.FLAT);
        assertThat(original.algo()).isEqualTo(VideoFingerprinter.ALGO);
    }

    @Test
    void aSmallerLowerBitrateReencodeIsADuplicate() {
        assertThat(match(original, reencoded).duplicate()).isTrue();
        assertThat(Long.bitCount(original.coarse() ^ reencoded.coarse())).isLessThan(16);
    }

    @Test
    void aCopyWithMoreBlackAtTheStartIsADuplicate() {
        FingerprintMatch m = match(original, padded);
        assertThat(m.duplicate()).isTrue();
        assertThat(m.similarity()).isGreaterThan(0.7);
    }

    @Test
    void aDifferentClipBehindTheSameBlackSilentLeaderIsNot() {
        FingerprintMatch m = match(original, other);
        assertThat(m.duplicate()).isFalse();
        assertThat(m.meanDistance()).isGreaterThan(2 * FingerprintMatch.DUPLICATE_DISTANCE);
    }
}
