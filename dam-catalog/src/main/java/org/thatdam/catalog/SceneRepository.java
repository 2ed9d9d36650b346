package org.thatdam.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.model.Scene;

/** A video's scenes (level 1) and beats (level 2), replaced as a whole per analysis (table scene). */
public interface SceneRepository {

    /** A scene to store, with its beats in order. */
    record NewScene(double startSec, double endSec, Double keyframeSec, String keyframe, Double score,
                    List<NewBeat> beats) {
        public NewScene {
            beats = List.copyOf(beats);
        }
    }

    record NewBeat(double startSec, double endSec, Double keyframeSec, String keyframe, Double score) {}

    /** The asset's scenes then beats, each level in order. */
    List<Scene> list(long assetId);

    Optional<Scene> get(long id);

    /** {@link #list} for many assets at once; assets without scenes are absent. */
    Map<Long, List<Scene>> forAssets(Collection<Long> assetIds);

    /** Replaces everything stored for the asset by {@code scenes} of {@code versionId}; returns what is now stored. */
    List<Scene> replace(long assetId, long versionId, List<NewScene> scenes);
}
