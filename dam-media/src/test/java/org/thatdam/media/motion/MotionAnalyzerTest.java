package org.thatdam.media.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.media.worker.MediaWorkers;
import org.thatdam.media.worker.WorkerOptions;

class MotionAnalyzerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final MediaProber prober = new MediaProber(FfmpegTools.bundled(), TIMEOUT);
    private static final MediaWorkers WORKERS = new MediaWorkers(WorkerOptions.of(2));

    @AfterAll
    static void closeWorkers() {
        WORKERS.close();
    }

    private MotionAnalysis analyze(Path input, int parallelism) {
        MediaInfo info = prober.probe(input);
        long t0 = System.nanoTime();
        MotionAnalysis a = new MotionAnalyzer(FfmpegTools.bundled(), TIMEOUT, parallelism).analyze(input, info, null, () -> false);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "motion %s (x%d): %d samples in %d ms (%.0fx real time), max score %.4f, "
                        + "max diff %.4f, segments %s%n", input.getFileName(), parallelism, a.samples(), ms,
                info.durationSec() * 1000 / Math.max(1, ms), max(a.scores()), max(a.frameDiffs()),
                MotionSegmenter.segments(a, MotionOptions.defaults()));
        return a;
    }

    static String describe(MotionAnalysis a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.samples(); i++) {
            sb.append(String.format(Locale.ROOT, "%.1f:%.4f/%.4f ", a.timeOf(i), a.scores()[i], a.frameDiffs()[i]));
            if (i % 10 == 9) sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void findsTheMovingBoxInANoisyStaticScene() {
        MotionAnalysis a = analyze(MotionMedia.scene(), 2);
        assertThat(a.sampleFps()).isEqualTo(10.0);
        assertThat(a.samples()).isEqualTo(160);
        List<MotionSegment> s = MotionSegmenter.segments(a, MotionOptions.defaults());
        assertThat(s).as(describe(a)).hasSize(2);
        assertThat(s.get(0).startSec()).isCloseTo(3, within(0.5));
        assertThat(s.get(0).endSec()).isCloseTo(6, within(0.5));
        assertThat(s.get(1).startSec()).isCloseTo(11, within(0.5));
        assertThat(s.get(1).endSec()).isCloseTo(13, within(0.5));
        for (MotionSegment m : s) {
            assertThat(m.peakSec()).isBetween(m.startSec(), m.endSec());
            assertThat(m.peakScore()).isGreaterThan(MotionOptions.defaults().enterThreshold());
        }
    }

    @Test
    void noiseAloneIsNoMotion() {
        MotionAnalysis a = analyze(MotionMedia.noiseOnly(), 2);
        assertThat(MotionSegmenter.segments(a, MotionOptions.defaults())).as(describe(a)).isEmpty();
        assertThat(max(a.scores())).as(describe(a)).isLessThan((float) MotionOptions.defaults().stayThreshold());
    }

    @Test
    void brightnessFlickerIsNoMotion() {
        MotionAnalysis a = analyze(MotionMedia.noiseFlicker(), 2);
        assertThat(MotionSegmenter.segments(a, MotionOptions.defaults())).as(describe(a)).isEmpty();
        // even the most sensitive setting only finds nothing or little
        assertThat(MotionSegmenter.segments(a, new MotionOptions(0.9, 1.0))).as(describe(a)).isEmpty();
    }

    @Test
    void chunkedParallelDecodingMatchesOneProcess() {
        Path input = MotionMedia.longScene();
        MotionAnalysis one = analyze(input, 1);
        MotionAnalysis two = analyze(input, 2);
        assertThat(one.samples()).isEqualTo(500);
        assertThat(two.samples()).isEqualTo(500);
        List<MotionSegment> s1 = MotionSegmenter.segments(one, MotionOptions.defaults());
        List<MotionSegment> s2 = MotionSegmenter.segments(two, MotionOptions.defaults());
        assertThat(s2).as(describe(two)).hasSize(3);
        assertThat(s1).as(describe(one)).hasSize(3);
        double[][] truth = {{8, 10}, {23, 27}, {40, 42}};
        for (int i = 0; i < 3; i++) {
            assertThat(s2.get(i).startSec()).isCloseTo(truth[i][0], within(0.5));
            assertThat(s2.get(i).endSec()).isCloseTo(truth[i][1], within(0.5));
            assertThat(s2.get(i).startSec()).isCloseTo(s1.get(i).startSec(), within(0.21));
            assertThat(s2.get(i).endSec()).isCloseTo(s1.get(i).endSec(), within(0.21));
        }
        // the samples around the chunk border (25 s) are measured alike
        int agree = 0;
        for (int i = 240; i < 260; i++) {
            if (Math.abs(one.scores()[i] - two.scores()[i]) < 0.01) agree++;
        }
        assertThat(agree).as(describe(one) + "\n----\n" + describe(two)).isGreaterThanOrEqualTo(17);
    }

    @Test
    void workersMeasureAsFfmpegProcessesDo() {
        Path input = MotionMedia.longScene();
        MediaInfo info = prober.probe(input);
        MotionAnalysis ffmpeg = new MotionAnalyzer(FfmpegTools.bundled(), TIMEOUT, 2, null).analyze(input, info, null, () -> false);
        MotionAnalysis workers = new MotionAnalyzer(FfmpegTools.bundled(), TIMEOUT, 2, WORKERS).analyze(input, info, null, () -> false);
        assertThat(workers.samples()).isEqualTo(ffmpeg.samples()).isEqualTo(500);
        assertThat(MotionSegmenter.segments(workers, MotionOptions.defaults()))
                .isEqualTo(MotionSegmenter.segments(ffmpeg, MotionOptions.defaults()));
        int agree = 0;
        for (int i = 0; i < ffmpeg.samples(); i++) {
            if (Math.abs(ffmpeg.scores()[i] - workers.scores()[i]) < 0.005
                    && Math.abs(ffmpeg.frameDiffs()[i] - workers.frameDiffs()[i]) < 0.005) agree++;
        }
        // the same decoder, options, sampling and area scaling: the pictures are the same
        assertThat(agree).as(describe(ffmpeg) + "\n----\n" + describe(workers)).isGreaterThanOrEqualTo(495);
        // a full decode between two times, too
        double exactFfmpeg = new MotionAnalyzer(FfmpegTools.bundled(), TIMEOUT, 2, null).exactDifference(input, info, 8.5, 9.0, () -> false);
        double exactWorkers = new MotionAnalyzer(FfmpegTools.bundled(), TIMEOUT, 2, WORKERS).exactDifference(input, info, 8.5, 9.0, () -> false);
        assertThat(exactWorkers).isGreaterThan(0).isCloseTo(exactFfmpeg, within(0.002));
    }

    @Test
    void aDecoderCrashFailsTheAnalysisWithItsCause(@TempDir Path dir) throws Exception {
        Path input = Files.copy(MotionMedia.longScene(), dir.resolve("hostile.mp4"));
        MediaInfo info = prober.probe(input);
        try (MediaWorkers crashing = new MediaWorkers(WorkerOptions.of(2)
                .withFaults(Map.of("hostile.mp4", WorkerOptions.Fault.ABORT)))) {
            assertThatThrownBy(() -> new MotionAnalyzer(FfmpegTools.bundled(), TIMEOUT, 2, crashing)
                    .analyze(input, info, null, () -> false))
                    .isInstanceOf(MediaException.class)
                    .hasMessageStartingWith("cannot analyze motion: the media decoder crashed on this file");
            assertThat(crashing.stats().crashed()).isPositive();
        }
    }

    @Test
    void reportsProgressUpToOne() {
        List<Double> seen = Collections.synchronizedList(new ArrayList<>());
        Path input = MotionMedia.longScene();
        new MotionAnalyzer(FfmpegTools.bundled(), TIMEOUT, 2).analyze(input, prober.probe(input), seen::add, () -> false);
        assertThat(seen).isNotEmpty().isSorted();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(1.0);
        assertThat(seen.size()).isGreaterThan(10);
    }

    @Test
    void audioOnlyInputHasNoVideoStream() {
        Path mp3 = TestMedia.mp3();
        assertThatThrownBy(() -> new MotionAnalyzer(FfmpegTools.bundled(), TIMEOUT).analyze(mp3, prober.probe(mp3), null, () -> false))
                .isInstanceOf(MediaException.class).hasMessage("tone.mp3 has no video stream".replace("tone.mp3", mp3.getFileName().toString()));
    }

    @Test
    void cancelStopsTheAnalysis() {
        Path input = MotionMedia.longScene();
        assertThatThrownBy(() -> new MotionAnalyzer(FfmpegTools.bundled(), TIMEOUT, 2).analyze(input, prober.probe(input),
                null, () -> true)).isInstanceOf(org.thatdam.media.ffmpeg.ToolRunner.CancelledException.class);
    }

    private static float max(float[] v) {
        float m = 0;
        for (float f : v) m = Math.max(m, f);
        return m;
    }
}
