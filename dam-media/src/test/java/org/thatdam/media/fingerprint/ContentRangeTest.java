package org.thatdam.media.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentRangeTest {

    static final long F = PerceptualHash.FLAT;
    static final long SLATE = 0x00ff00ff00ff00ffL;

    @Test
    void flatEndsAndSlatesAreNotContent() {
        long[] h = {F, F, SLATE, SLATE, SLATE ^ 1, SLATE, 0x1111L, 0x2222_0000L, 0x3333_0000_0000L, F};
        ContentRange r = ContentRange.ofPictures(h, 2);
        assertThat(r).isEqualTo(new ContentRange(6, 8));
    }

    @Test
    void aShortCalmStartStaysAndAStillClipKeepsItsPictures() {
        long[] calm = {SLATE, SLATE, 0x1111L, 0x2222_0000L};
        assertThat(ContentRange.ofPictures(calm, 2)).isEqualTo(new ContentRange(0, 3));
        long[] still = {F, SLATE, SLATE, SLATE, SLATE, SLATE, F};
        assertThat(ContentRange.ofPictures(still, 2)).isEqualTo(new ContentRange(1, 5));
        assertThat(ContentRange.ofPictures(new long[] {F, F}, 2).isEmpty()).isTrue();
    }

    @Test
    void silenceAtTheEndsNarrowsTheRangeUnlessItWouldEmptyIt() {
        ContentRange r = new ContentRange(0, 19);
        assertThat(r.audible(2.0, 8.0, 2)).isEqualTo(new ContentRange(4, 15));
        assertThat(r.audible(20, 30, 2)).isEqualTo(r);
    }

    @Test
    void loudnessLinesGiveTheAudiblePart() {
        List<String> lines = List.of(
                "frame:0    pts:0       pts_time:0", "lavfi.astats.Overall.RMS_level=-inf",
                "frame:1    pts:4000    pts_time:0.5", "lavfi.astats.Overall.RMS_level=-91.2",
                "frame:2    pts:8000    pts_time:1", "lavfi.astats.Overall.RMS_level=-20.5",
                "frame:3    pts:12000   pts_time:1.5", "lavfi.astats.Overall.RMS_level=-18",
                "frame:4    pts:16000   pts_time:2", "lavfi.astats.Overall.RMS_level=nan");
        assertThat(VideoFingerprinter.audible(lines)).containsExactly(1.0, 2.0);
        assertThat(VideoFingerprinter.audible(lines.subList(0, 4))).isNull();
    }

    @Test
    void hashesIgnoreScaleAndFlatPicturesHaveNone() {
        byte[] a = new byte[PerceptualHash.PIXELS], b = new byte[PerceptualHash.PIXELS], black = new byte[PerceptualHash.PIXELS];
        for (int i = 0; i < a.length; i++) {
            int x = i % 32, y = i / 32;
            double v = 60 * Math.sin(x / 5.0) * Math.cos(y / 7.0) + 2 * x + (x > 20 && y < 10 ? 50 : 0);
            a[i] = (byte) Math.round(120 + v);
            b[i] = (byte) Math.round(100 + 0.8 * v); // darker, lower contrast: same layout
            black[i] = (byte) (16 + (i % 3 == 0 ? 1 : 0));
        }
        assertThat(PerceptualHash.distance(PerceptualHash.of(a), PerceptualHash.of(b))).isLessThanOrEqualTo(4);
        assertThat(PerceptualHash.of(black)).isEqualTo(PerceptualHash.FLAT);
        assertThat(PerceptualHash.distance(PerceptualHash.FLAT, PerceptualHash.of(a))).isEqualTo(32);
    }
}
