package org.thatdam.server.api;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.scenes.SceneService.SceneNode;
import org.thatdam.model.Scene;
import org.thatdam.model.SceneText;

/**
 * A scene of a video (a shot between two cuts) with its beats. {@code score}: how strong the cut that starts it is
 * (0..1); {@code keyframeUrl}: its most representative beat's keyframe; {@code text}: the on-screen text read on its
 * beats' keyframes (each distinct line once; each beat lists its own with the beat).
 */
public record SceneView(long id, int ordinal, double startSec, double endSec, @Nullable Double score,
                        @Nullable Double keyframeSec, @Nullable String keyframeUrl, List<BeatView> beats,
                        List<ScreenTextView> text) {

    /** A beat: a few seconds of a scene, with its keyframe (the sharpest representative picture). */
    public record BeatView(long id, int ordinal, double startSec, double endSec, @Nullable Double keyframeSec,
                           @Nullable String keyframeUrl, List<ScreenTextView> text) {}

    /** @param texts the on-screen text read on the beats' keyframes, by beat id */
    public static SceneView of(SceneNode n, Map<Long, List<SceneText>> texts) {
        Scene s = n.scene();
        return new SceneView(s.id(), s.ordinal(), ms(s.startSec()), ms(s.endSec()), s.score(), ms(s.keyframeSec()), url(s),
                n.beats().stream().map(b -> new BeatView(b.id(), b.ordinal(), ms(b.startSec()), ms(b.endSec()),
                        ms(b.keyframeSec()), url(b), ScreenTextView.of(b, texts))).toList(), ScreenTextView.ofScene(n.beats(), texts));
    }

    /** Times to the millisecond: the detector's sums carry float noise (4.2010000000000005) no client wants. */
    static double ms(double sec) {
        return Math.round(sec * 1000) / 1000.0;
    }

    static @Nullable Double ms(@Nullable Double sec) {
        return sec == null ? null : ms(sec.doubleValue());
    }

    static @Nullable String url(Scene s) {
        return s.keyframe() == null ? null : "/api/v1/assets/" + s.assetId() + "/scenes/" + s.id() + "/keyframe";
    }
}
