package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.scenes.SceneService.SceneNode;
import org.thatdam.model.Scene;

/**
 * A scene of a video (a shot between two cuts) with its beats. {@code score}: how strong the cut that starts it is
 * (0..1); {@code keyframeUrl}: its most representative beat's keyframe.
 */
public record SceneView(long id, int ordinal, double startSec, double endSec, @Nullable Double score,
                        @Nullable Double keyframeSec, @Nullable String keyframeUrl, List<BeatView> beats) {

    /** A beat: a few seconds of a scene, with its keyframe (the sharpest representative picture). */
    public record BeatView(long id, int ordinal, double startSec, double endSec, @Nullable Double keyframeSec,
                           @Nullable String keyframeUrl) {}

    public static SceneView of(SceneNode n) {
        Scene s = n.scene();
        return new SceneView(s.id(), s.ordinal(), s.startSec(), s.endSec(), s.score(), s.keyframeSec(), url(s),
                n.beats().stream().map(b -> new BeatView(b.id(), b.ordinal(), b.startSec(), b.endSec(), b.keyframeSec(),
                        url(b))).toList());
    }

    static @Nullable String url(Scene s) {
        return s.keyframe() == null ? null : "/api/v1/assets/" + s.assetId() + "/scenes/" + s.id() + "/keyframe";
    }
}
