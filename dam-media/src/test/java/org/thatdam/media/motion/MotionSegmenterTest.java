package org.thatdam.media.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thatdam.model.DamException;

class MotionSegmenterTest {

    /** 10 samples per second; {@code spans} are {from, to, score} in seconds. */
    private static MotionAnalysis series(double seconds, double[]... spans) {
        int n = (int) Math.round(seconds * 10);
        float[] s = new float[n];
        for (double[] span : spans) {
            for (int i = (int) Math.round(span[0] * 10); i < Math.round(span[1] * 10); i++) s[i] = (float) span[2];
        }
        return new MotionAnalysis(seconds, 10, s, new float[n]);
    }

    @Test
    void flickerAroundTheThresholdIsOneSegment() {
        MotionOptions o = MotionOptions.defaults();
        double enter = o.enterThreshold(), stay = o.stayThreshold();
        assertThat(stay).isLessThan(enter);
        float[] s = new float[100];
        // 2..6 s: alternating just above enter and between stay and enter
        for (int i = 20; i < 60; i++) s[i] = (float) (i % 2 == 0 ? enter * 1.1 : (enter + stay) / 2);
        List<MotionSegment> seg = MotionSegmenter.segments(new MotionAnalysis(10, 10, s, new float[100]), o);
        assertThat(seg).hasSize(1);
        assertThat(seg.get(0).startSec()).isCloseTo(1.9, within(1e-9));
        assertThat(seg.get(0).endSec()).isCloseTo(5.9, within(1e-9));
        assertThat(seg.get(0).peakScore()).isCloseTo(enter * 1.1, within(1e-6));
    }

    @Test
    void scoresBelowTheEnterThresholdNeverStartASegment() {
        MotionOptions o = MotionOptions.defaults();
        MotionAnalysis a = series(10, new double[] {1, 9, (o.enterThreshold() + o.stayThreshold()) / 2});
        assertThat(MotionSegmenter.segments(a, o)).isEmpty();
    }

    @Test
    void shortGapsAreMergedAndPeakIsTheMaximum() {
        MotionAnalysis a = series(10, new double[] {1, 3, 0.05}, new double[] {3.4, 5, 0.2}, new double[] {7, 9, 0.1});
        List<MotionSegment> seg = MotionSegmenter.segments(a, MotionOptions.defaults());
        assertThat(seg).hasSize(2);
        assertThat(seg.get(0).startSec()).isCloseTo(0.9, within(1e-9));
        assertThat(seg.get(0).endSec()).isCloseTo(4.9, within(1e-9));
        assertThat(seg.get(0).peakScore()).isCloseTo(0.2, within(1e-6));
        assertThat(seg.get(0).peakSec()).isCloseTo(3.4, within(1e-9));
        assertThat(seg.get(1).startSec()).isCloseTo(6.9, within(1e-9));
    }

    @Test
    void minSegmentDropsShortOnes() {
        MotionAnalysis a = series(10, new double[] {1, 1.5, 0.1}, new double[] {5, 8, 0.1});
        assertThat(MotionSegmenter.segments(a, new MotionOptions(0.5, 1.0))).hasSize(1);
        assertThat(MotionSegmenter.segments(a, new MotionOptions(0.5, 0.0))).hasSize(2);
        assertThat(MotionSegmenter.segments(a, new MotionOptions(0.5, 5.0))).isEmpty();
    }

    @Test
    void sensitivityExtremes() {
        MotionAnalysis small = series(10, new double[] {2, 6, 0.005});
        MotionAnalysis big = series(10, new double[] {2, 6, 0.05});
        assertThat(MotionSegmenter.segments(small, new MotionOptions(1.0, 1.0))).hasSize(1);
        assertThat(MotionSegmenter.segments(small, new MotionOptions(0.0, 1.0))).isEmpty();
        assertThat(MotionSegmenter.segments(big, new MotionOptions(0.0, 1.0))).hasSize(1);
        assertThat(new MotionOptions(1, 0).pixelThreshold()).isLessThan(new MotionOptions(0, 0).pixelThreshold());
        // nothing at all is never motion, however sensitive
        assertThat(MotionSegmenter.segments(series(10), new MotionOptions(1.0, 0.0))).isEmpty();
    }

    @Test
    void motionRunningToTheEndIsClosed() {
        MotionAnalysis a = series(10, new double[] {8, 10, 0.1});
        List<MotionSegment> seg = MotionSegmenter.segments(a, MotionOptions.defaults());
        assertThat(seg).hasSize(1);
        assertThat(seg.get(0).endSec()).isCloseTo(9.9, within(1e-9));
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new MotionOptions(1.5, 1)).isInstanceOf(DamException.class)
                .hasMessageContaining("sensitivity must be between 0 and 1");
        assertThatThrownBy(() -> new MotionOptions(Double.NaN, 1)).isInstanceOf(DamException.class);
        assertThatThrownBy(() -> new MotionOptions(0.5, -1)).isInstanceOf(DamException.class)
                .hasMessageContaining("minimum motion segment");
        assertThat(MotionOptions.defaults()).isEqualTo(new MotionOptions(0.5, 1.0));
    }

    @Test
    void repeatedPicturesTakeTheScoreAcrossTheGapButFreezesStayStill() {
        float[] s = {0, 0.1f, 0, 0.3f, 0.2f, 0, 0, 0, 0, 0, 0, 0.4f};
        float[] d = s.clone();
        boolean[] rep = {false, false, true, false, false, true, true, true, true, true, true, false};
        MotionAnalyzer.fillGaps(s, d, rep, s.length);
        assertThat(s[2]).isEqualTo(0.3f); // a B-frame gap: the next real comparison spans it
        for (int i = 5; i <= 10; i++) assertThat(s[i]).isZero(); // six repeats: a freeze
    }
}
