package org.thatdam.model;

/**
 * One node of a video's hierarchy: level 1 is a scene (a shot between two cuts), level 2 a beat inside the scene
 * {@code parentId}. {@code keyframe} is a small JPEG's path relative to the asset's derivative folder, taken at
 * {@code keyframeSec}: a beat's own keyframe (level 3), or for a scene the keyframe of its most representative beat.
 * {@code score} is the cut's strength for a scene (how different its first frame is from the previous shot's last,
 * 0..1) and the keyframe's sharpness for a beat.
 */
public record Scene(long id, long assetId, long versionId, int level, Long parentId, int ordinal, double startSec,
                    double endSec, Double keyframeSec, String keyframe, Double score) {

    public static final int SCENE = 1;
    public static final int BEAT = 2;
}
