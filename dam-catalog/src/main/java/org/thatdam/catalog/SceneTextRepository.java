package org.thatdam.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.thatdam.model.SceneText;

/** On-screen text per scene (table scene_text), in reading order. */
public interface SceneTextRepository {

    /** The text of every scene of these assets, keyed by scene id; scenes without text are absent. */
    Map<Long, List<SceneText>> forAssets(Collection<Long> assetIds);

    List<SceneText> forScene(long sceneId);

    /** Replaces the scene's text with {@code texts} (their ordinals are renumbered 0..n-1 in the given order). */
    void replaceForScene(long sceneId, List<SceneText> texts);
}
