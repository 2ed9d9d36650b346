package org.thatdam.media.scenes;

import java.util.List;

/**
 * A video's scenes (shots between real cuts), each with its beats. Keyframe names are files in the folder the
 * detector was given; a scene's keyframe is the one of its most representative beat.
 */
public record SceneAnalysis(double durationSec, List<DetectedScene> scenes) {

    public SceneAnalysis {
        scenes = List.copyOf(scenes);
    }

    /** @param score how strong the cut that starts the scene is, 0..1 (0 for the first scene) */
    public record DetectedScene(double startSec, double endSec, double score, double keyframeSec, String keyframe,
                                List<DetectedBeat> beats) {
        public DetectedScene {
            beats = List.copyOf(beats);
        }
    }

    /** @param sharpness the keyframe's variance of the Laplacian (higher is crisper) */
    public record DetectedBeat(double startSec, double endSec, double keyframeSec, String keyframe, double sharpness) {}
}
