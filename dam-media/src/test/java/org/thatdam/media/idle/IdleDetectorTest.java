package org.thatdam.media.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.cut.TimeRange;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.motion.MotionMedia;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.testing.TestMedia;

class IdleDetectorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final double TOL = 0.15;
    private final MediaProber prober = new MediaProber(FfmpegTools.bundled(), TIMEOUT);
    private final IdleDetector detector = new IdleDetector(FfmpegTools.bundled(), TIMEOUT);
    private static final IdleOptions DEFAULTS = IdleOptions.defaults();

    private IdlePlan detect(Path input, IdleOptions o) {
        MediaInfo info = prober.probe(input);
        long t0 = System.nanoTime();
        IdlePlan p = detector.detect(input, info, o, null, () -> false);
        System.out.printf(Locale.ROOT, "idle %s: %d ms, kept %s removed %s%n", input.getFileName(),
                (System.nanoTime() - t0) / 1_000_000, p.kept(), p.removed());
        return p;
    }

    static void assertRanges(List<TimeRange> actual, double... bounds) {
        assertThat(actual).as(actual.toString()).hasSize(bounds.length / 2);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).startSec()).as(actual.toString()).isCloseTo(bounds[2 * i], within(TOL));
            assertThat(actual.get(i).endSec()).as(actual.toString()).isCloseTo(bounds[2 * i + 1], within(TOL));
        }
    }

    @Test
    void frozenStretchesAreRemovedWithPadding() {
        IdlePlan p = detect(MotionMedia.idleClip(), DEFAULTS);
        assertThat(p.inputSec()).isCloseTo(16, within(0.1));
        assertRanges(p.kept(), 0, 3.25, 7.75, 11.25);
        assertRanges(p.removed(), 3.25, 7.75, 11.25, 16); // the freeze to the end is removed to the end
        assertThat(p.outputSec()).isCloseTo(6.75, within(2 * TOL));
    }

    @Test
    void requireSilenceKeepsAStillPictureWithSound() {
        // 3–8 s frozen and silent: idle; 11–16 s frozen but the tone goes on: kept
        IdlePlan p = detect(MotionMedia.idleClip(), new IdleOptions(-50, 2, 0.25, true));
        assertRanges(p.kept(), 0, 3.25, 7.75, 16);
        assertRanges(p.removed(), 3.25, 7.75);
    }

    @Test
    void videoWithoutAudioUsesThePictureAlone() {
        IdlePlan p = detect(MotionMedia.idleClipSilent(), DEFAULTS);
        assertRanges(p.kept(), 0, 3.25, 7.75, 11.25);
        // no sound is silence: requiring it changes nothing
        IdlePlan q = detect(MotionMedia.idleClipSilent(), new IdleOptions(-50, 2, 0.25, true));
        assertThat(q.kept()).isEqualTo(p.kept());
    }

    /**
     * Still slides 3–11 s and 11–17 s, key frames every 2 s: the fast analysis sees a one-sample
     * change at the first key frame of the still stretch, and the slide change at 11 s.
     */
    @Test
    void keyFramesInsideAStillStretchAreNotActivityButASlideChangeIs() {
        IdlePlan p = detect(MotionMedia.slidesWithKeyframes(), DEFAULTS);
        assertThat(p.removed()).as(p.toString()).hasSize(2);
        assertRanges(p.removed().subList(0, 1), 3.25, 10.75);
        assertThat(p.removed().get(1).startSec()).isCloseTo(11.25, within(TOL));
        // the fast analysis sees motion return a little early (as in the clips above)
        assertThat(p.removed().get(1).endSec()).isBetween(16.3, 16.75 + TOL);
        assertThat(p.kept()).as("the slide change is kept").hasSize(3);
        assertRanges(p.kept().subList(1, 2), 10.75, 11.25);
    }

    @Test
    void oneSampleChangeNeedsAStillPictureAroundIt() {
        float[] d = {0, 0.5f, 0, 0, 0.01f, 0, 0, 0.02f, 0.02f, 0, 0};
        double level = DEFAULTS.noiseLevel();
        assertThat(IdleDetector.isolated(d, 4, level)).isTrue();
        assertThat(IdleDetector.isolated(d, 7, level)).as("followed by more change").isFalse();
        assertThat(IdleDetector.isolated(d, 3, level)).as("no change").isFalse();
        assertThat(IdleDetector.isolated(d, 2, level)).isFalse();
    }

    @Test
    void clipWithoutIdlePartIsKeptWhole() {
        Path clip = TestMedia.clip(4, "160x120");
        IdlePlan p = detect(clip, DEFAULTS);
        assertThat(p.removed()).isEmpty();
        assertThat(p.kept()).containsExactly(new TimeRange(0, p.inputSec()));
    }

    @Test
    void audioOnlyIdleIsSilence() {
        IdlePlan p = detect(MotionMedia.toneWithPause(), DEFAULTS);
        assertRanges(p.removed(), 3.25, 6.75);
        assertRanges(p.kept(), 0, 3.25, 6.75, 10);
    }

    @Test
    void stillNoiseFreeSceneIsIdleThroughout() {
        // a static picture (the noise-free background of the motion scene): nothing to keep
        Path still = TestMedia.make("still.mp4", List.of("-f", "lavfi", "-i", "color=c=gray:s=160x120:r=25:d=5"),
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p");
        IdlePlan p = detect(still, DEFAULTS);
        assertThat(p.kept()).isEmpty();
        assertThat(p.nothingToKeep()).isTrue();
        assertRanges(p.removed(), 0, 5);
    }

    // ---- plan, pure

    @Test
    void planPadsInsideButNotAtTheEdges() {
        IdlePlan p = IdleDetector.plan(20, List.of(new TimeRange(0, 4), new TimeRange(8, 12), new TimeRange(17, 20)), DEFAULTS);
        assertThat(p.removed()).containsExactly(new TimeRange(0, 3.75), new TimeRange(8.25, 11.75), new TimeRange(17.25, 20));
        assertThat(p.kept()).containsExactly(new TimeRange(3.75, 8.25), new TimeRange(11.75, 17.25));
        assertThat(p.outputSec()).isCloseTo(10, within(1e-9));
    }

    @Test
    void planMergesOverlapsAndSortsAndClips() {
        IdlePlan p = IdleDetector.plan(10, List.of(new TimeRange(6, 9), new TimeRange(2, 4), new TimeRange(3.5, 5),
                new TimeRange(8, 12)), DEFAULTS);
        assertThat(p.removed()).containsExactly(new TimeRange(2.25, 4.75), new TimeRange(6.25, 10));
        assertThat(p.kept()).containsExactly(new TimeRange(0, 2.25), new TimeRange(4.75, 6.25));
    }

    @Test
    void planDropsRangesThePaddingEatsUp() {
        IdlePlan p = IdleDetector.plan(10, List.of(new TimeRange(4, 4.6)), new IdleOptions(-50, 0.5, 0.25, false));
        assertThat(p.removed()).isEmpty(); // 0.6 s minus 2 x 0.25 leaves 0.1 s: not worth a jump
        assertThat(p.kept()).containsExactly(new TimeRange(0, 10));
    }

    @Test
    void planWithoutIdleKeepsAllAndIdleThroughoutKeepsNothing() {
        assertThat(IdleDetector.plan(7, List.of(), DEFAULTS).kept()).containsExactly(new TimeRange(0, 7));
        IdlePlan all = IdleDetector.plan(7, List.of(new TimeRange(0, 7)), DEFAULTS);
        assertThat(all.kept()).isEmpty();
        assertThat(all.removed()).containsExactly(new TimeRange(0, 7));
        assertThat(all.outputSec()).isZero();
    }

    @Test
    void planRemovesSliversBetweenCuts() {
        IdlePlan p = IdleDetector.plan(20, List.of(new TimeRange(2, 6), new TimeRange(6.1, 10)),
                new IdleOptions(-50, 2, 0, false));
        assertThat(p.removed()).containsExactly(new TimeRange(2, 10));
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new IdleOptions(5, 2, 0.25, false)).hasMessageContaining("between -120 and 0 dB");
        assertThatThrownBy(() -> new IdleOptions(-50, 0, 0.25, false)).hasMessageContaining("more than 0 s");
        assertThatThrownBy(() -> new IdleOptions(-50, 2, -1, false)).hasMessageContaining("padding");
        assertThat(IdleOptions.defaults()).isEqualTo(new IdleOptions(-50, 2.0, 0.25, false));
    }

    @Test
    void outputThatCannotBeReadIsOurBugNotTheFiles() {
        assertThat(IdleDetector.parse("lavfi.silence_start=12.5")).isEqualTo(12.5);
        assertThatThrownBy(() -> IdleDetector.parse("lavfi.silence_end=soon"))
                .isNotInstanceOf(MediaException.class)
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessage("cannot detect silence: unexpected ffmpeg output 'lavfi.silence_end=soon'");
    }
}
