package org.thatdam.media.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules on top of the scores: short shots merge, beats stay within bounds and follow changes of picture. */
class ScenePlanningTest {

    /** Samples at 5/s whose picture is {@code level(t)} everywhere. */
    static List<Sample> samples(double seconds, java.util.function.DoubleUnaryOperator level) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < seconds * 5; i++) {
            double t = i / 5.0;
            byte[] thumb = new byte[Pictures.THUMB_W * Pictures.THUMB_H];
            Arrays.fill(thumb, (byte) level.applyAsDouble(t));
            out.add(new Sample(t, level.applyAsDouble(t), 40, 100, thumb));
        }
        return out;
    }

    @Test
    void beatsCoverTheSceneAndNeverExceedTheLimit() {
        for (double length : new double[] {0.4, 3, 5.9, 6.1, 7.9, 8.1, 13, 30, 121}) {
            List<BeatPlanner.Span> beats = BeatPlanner.beats(10, 10 + length, samples(10 + length, t -> 100));
            assertThat(beats.get(0).start()).isEqualTo(10);
            assertThat(beats.get(beats.size() - 1).end()).isEqualTo(10 + length);
            for (int i = 0; i < beats.size(); i++) {
                BeatPlanner.Span b = beats.get(i);
                assertThat(b.end() - b.start()).as("beat %d of %s s", i, length).isPositive()
                        .isLessThanOrEqualTo(BeatPlanner.MAX_SEC);
                if (i > 0) assertThat(b.start()).isEqualTo(beats.get(i - 1).end());
            }
            if (length < 6) assertThat(beats).hasSize(1);
        }
    }

    @Test
    void aBeatBoundaryMovesToANearbyChangeOfPicture() {
        // 8 s: two beats, ideally split at 4 s; the picture changes at 4.6 s
        List<BeatPlanner.Span> beats = BeatPlanner.beats(0, 8, samples(8, t -> t < 4.6 ? 60 : 120));
        assertThat(beats).hasSize(2);
        assertThat(beats.get(0).end()).isEqualTo(4.6);
    }

    @Test
    void shotsShorterThanTheMinimumMergeKeepingTheStrongerCut() {
        List<Sample> samples = samples(10, t -> t < 3 ? 40 : t < 3.2 ? 200 : 120);
        List<CutFinder.Score> scores = List.of(new CutFinder.Score(0, 0), new CutFinder.Score(3.0, 30),
                new CutFinder.Score(3.2, 50));
        assertThat(CutFinder.cuts(scores, samples)).containsExactly(new CutFinder.Cut(3.2, 0.5));
    }

    @Test
    void aPictureThatComesBackIsAFlash() {
        List<Sample> flash = samples(4, t -> t >= 2 && t < 2.1 ? 250 : 80);
        assertThat(CutFinder.isFlash(2.0, flash)).isTrue();
        List<Sample> cut = samples(4, t -> t >= 2 ? 250 : 80);
        assertThat(CutFinder.isFlash(2.0, cut)).isFalse();
    }

    @Test
    void aVideoThatJumpsConstantlyKeepsItsStrongestCutsWithinTheCap() {
        // 20 minutes, a cut every 0.6 s with scores cycling 0.20..0.69
        List<CutFinder.Cut> cuts = new ArrayList<>();
        for (int i = 1; i * 0.6 < 1200; i++) cuts.add(new CutFinder.Cut(i * 0.6, 0.2 + (i % 50) / 100.0));
        assertThat(CutFinder.maxScenes(1200)).isEqualTo(600);
        assertThat(CutFinder.maxScenes(36_000)).isEqualTo(CutFinder.MAX_SCENES);
        assertThat(CutFinder.maxScenes(0.5)).isEqualTo(1);
        List<CutFinder.Cut> kept = CutFinder.cap(cuts, CutFinder.maxScenes(1200));
        assertThat(kept).hasSize(599).isSortedAccordingTo(java.util.Comparator.comparingDouble(CutFinder.Cut::t));
        double weakestKept = kept.stream().mapToDouble(CutFinder.Cut::score).min().orElseThrow();
        assertThat(cuts.stream().filter(c -> !kept.contains(c))).allMatch(c -> c.score() <= weakestKept);
        assertThat(CutFinder.cap(cuts.subList(0, 10), 600)).isEqualTo(cuts.subList(0, 10));
        assertThat(CutFinder.cap(cuts, 1)).isEmpty();
    }

    @Test
    void longVideosGetLongerBeatsSoTheirNumberStaysBounded() {
        // ten hours in 2,000 scenes of 18 s: 4-second beats would give 9,000
        double duration = 36_000, scene = duration / CutFinder.MAX_SCENES;
        double target = BeatPlanner.targetSec(duration, CutFinder.MAX_SCENES);
        List<Sample> samples = samples(scene, t -> 100);
        int beats = 0;
        for (int i = 0; i < CutFinder.MAX_SCENES; i++) {
            List<BeatPlanner.Span> spans = BeatPlanner.beats(0, scene, samples, target);
            assertThat(spans.get(spans.size() - 1).end()).isEqualTo(scene);
            beats += spans.size();
        }
        assertThat(beats).isLessThanOrEqualTo(BeatPlanner.MAX_BEATS);
        assertThat(BeatPlanner.targetSec(600, 100)).isEqualTo(BeatPlanner.TARGET_SEC);
    }
}
