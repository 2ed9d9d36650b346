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
}
