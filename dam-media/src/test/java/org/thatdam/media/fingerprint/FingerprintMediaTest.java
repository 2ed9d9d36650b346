package org.thatdam.media.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.MediaException;
import org.thatdam.media.testing.DuplicateMedia;
import org.thatdam.media.testing.TestMedia;

/** Fingerprints of generated clips: re-encodes and padded copies match, a different clip behind the same leader does not. */
class FingerprintMediaTest {

    static VideoFingerprint original, reencoded, padded, other, pattern, patternReencoded;

    @BeforeAll
    static void fingerprintAll() {
        VideoFingerprinter f = new VideoFingerprinter(FfmpegTools.bundled(), Duration.ofMinutes(1));
        original = f.fingerprint(DuplicateMedia.original(), null, null, null);
        reencoded = f.fingerprint(DuplicateMedia.reencoded(), null, null, null);
        padded = f.fingerprint(DuplicateMedia.padded(), null, null, null);
        other = f.fingerprint(DuplicateMedia.other(), null, null, null);
        pattern = f.fingerprint(DuplicateMedia.pattern(), null, null, null);
        patternReencoded = f.fingerprint(DuplicateMedia.patternReencoded(), null, null, null);
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
        assertThat(other.contentStartSec()).isBetween(1.5, 2.5);
        assertThat(original.frames()).hasSizeBetween(15, 17).doesNotContain(PerceptualHash.FLAT);
        assertThat(original.algo()).isEqualTo(VideoFingerprinter.ALGO);
    }

    @Test
    void aSmallerLowerBitrateReencodeIsADuplicate() {
        assertThat(match(original, reencoded).duplicate()).isTrue();
        assertThat(Long.bitCount(original.coarse() ^ reencoded.coarse())).isLessThan(16);
    }

    /** Fine moving detail at 200 kbit/s: every picture must be decoded in full, or the encodes drift apart. */
    @Test
    void aHalfSize200kbitReencodeOfAMovingTestPatternIsADuplicate() {
        assertThat(pattern.frames()).hasSizeBetween(15, 17);
        assertThat(patternReencoded.frames()).hasSize(pattern.frames().length);
        FingerprintMatch m = match(pattern, patternReencoded);
        assertThat(m.duplicate()).isTrue();
        assertThat(m.meanDistance()).isLessThan(FingerprintMatch.DUPLICATE_DISTANCE / 2);
        for (int i = 0; i < pattern.frames().length; i++) {
            assertThat(PerceptualHash.distance(pattern.frames()[i], patternReencoded.frames()[i]))
                    .as("sample %d", i).isLessThanOrEqualTo(8);
        }
        assertThat(Long.bitCount(pattern.coarse() ^ patternReencoded.coarse())).isLessThan(16);
    }

    @Test
    void aCopyWithMoreBlackAtTheStartIsADuplicate() {
        FingerprintMatch m = match(original, padded);
        assertThat(m.duplicate()).isTrue();
        assertThat(m.similarity()).isGreaterThan(0.7);
    }

    @Test
    void aFileThatIsNotAVideoIsAPreciseError() {
        VideoFingerprinter f = new VideoFingerprinter(FfmpegTools.bundled(), Duration.ofMinutes(1));
        assertThatThrownBy(() -> f.fingerprint(TestMedia.randomBytesMp4(), null, null, null))
                .isInstanceOf(MediaException.class).hasMessageNotContaining("Exception");
        assertThatThrownBy(() -> f.fingerprint(TestMedia.mp3(), null, null, null))
                .isInstanceOf(MediaException.class).hasMessageContaining("has no video stream to fingerprint");
    }

    @Test
    void aDifferentClipBehindTheSameBlackSilentLeaderIsNot() {
        FingerprintMatch m = match(original, other);
        assertThat(m.duplicate()).isFalse();
        assertThat(m.meanDistance()).isGreaterThan(2 * FingerprintMatch.DUPLICATE_DISTANCE);
    }
}
