package org.thatdam.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thatdam.model.SceneText;

/** On-screen text per scene (table scene_text), in reading order. */
public interface SceneTextRepository {

    /** The text of every scene of these assets, keyed by scene id; scenes without text are absent. */
    Map<Long, List<SceneText>> forAssets(Collection<Long> assetIds);

    List<SceneText> forScene(long sceneId);

    /**
     * Replaces the scene's text with {@code texts} (their ordinals are renumbered 0..n-1 in the given order) and
     * marks its keyframe as read, even when {@code texts} is empty (read, no text).
     */
    void replaceForScene(long sceneId, List<SceneText> texts);

    /** The scenes of this asset whose keyframe has been read (see {@link #replaceForScene}). */
    Set<Long> readScenes(long assetId);

    /** Forgets that these scenes' keyframes were read, so that the next reading reads them again. */
    void markUnread(Collection<Long> sceneIds);
}
