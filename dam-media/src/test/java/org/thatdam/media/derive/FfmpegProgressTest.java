package org.thatdam.media.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegProgressTest {

    private static List<Double> feed(double duration, String... lines) {
        DeriveTesting.Recorder rec = new DeriveTesting.Recorder();
        FfmpegProgress p = new FfmpegProgress(duration, rec);
        for (String l : lines) {
            p.accept(l);
        }
        return rec.snapshot();
    }

    @Test
    void readsTheThreeTimeKeysAndEnd() {
        List<Double> v = feed(10, "frame=1", "out_time_us=1000000", "out_time_ms=1000000", "out_time=00:00:01.000000",
                "progress=continue", "out_time_us=2500000", "out_time_ms=2500000", "out_time=00:00:02.500000",
                "out_time=00:00:05.000000", "out_time_ms=7000000", "progress=end");
        assertThat(v).hasSize(5);
        assertThat(v.get(0)).isCloseTo(0.1, within(1e-9));
        assertThat(v.get(1)).isCloseTo(0.25, within(1e-9));
        assertThat(v.get(2)).isCloseTo(0.5, within(1e-9));
        assertThat(v.get(3)).isCloseTo(0.7, within(1e-9));
        assertThat(v.get(4)).isEqualTo(1.0);
    }

    @Test
    void ignoresNaNegativeAndGarbageAndNeverGoesBack() {
        List<Double> v = feed(100, "out_time_us=N/A", "out_time=N/A", "out_time_us=-23220", "out_time=-00:00:00.023220",
                "out_time_us=abc", "out_time=12:xx:00", "out_time=1:2", "=5", "garbage", "", "out_time_us=",
                "out_time_us=50000000", "out_time_us=40000000", "out_time=00:01:00.5", "out_time_us=99999999999",
                "out_time_us=120000000", "progress=end", "out_time_us=1000000", "progress=end");
        assertThat(v).containsExactly(0.5, 0.605, FfmpegProgress.BEFORE_END, 1.0);
    }

    @Test
    void withoutDurationOnlyTheEndIsReported() {
        assertThat(feed(0, "out_time_us=1000000", "progress=continue", "progress=end")).containsExactly(1.0);
        assertThat(feed(Double.NaN, "out_time_us=1000000", "progress=end")).containsExactly(1.0);
        assertThat(feed(-3, "out_time_us=1000000")).isEmpty();
    }

    @Test
    void tinyStepsAreNotReported() {
        List<Double> v = feed(1000, "out_time_us=1000000", "out_time_us=1000100", "out_time_us=1500000",
                "out_time_us=3000000");
        assertThat(v).containsExactly(0.001, 0.003);
    }

    @Test
    void clockParsing() {
        assertThat(FfmpegProgress.clock("01:02:03.500000")).isEqualTo(3723.5);
        assertThat(FfmpegProgress.clock("00:00:07")).isEqualTo(7.0);
        assertThat(FfmpegProgress.clock("-00:00:00.5")).isEqualTo(-0.5);
        assertThat(FfmpegProgress.clock("00:61:00")).isNaN();
        assertThat(FfmpegProgress.clock("00:00:1e3")).isNaN();
        assertThat(FfmpegProgress.clock("N/A")).isNaN();
        assertThat(FfmpegProgress.micros("N/A")).isNaN();
    }
}
