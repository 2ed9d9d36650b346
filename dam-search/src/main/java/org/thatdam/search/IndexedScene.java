package org.thatdam.search;

/**
 * What the index knows about one scene (level 1) or beat (level 2) of an asset: its time range, the
 * text seen or heard in it, and its vectors. Indexed as its own document beside its asset's, so a hit
 * can say where in the video it matched.
 *
 * @param text         on-screen text and transcript, or null
 * @param textVector   the text model's vector of {@code text}, or null
 * @param visualVector the visual model's vector of the beat's keyframe, or null
 */
public record IndexedScene(long sceneId, int level, double startSec, double endSec, String text, float[] textVector,
        float[] visualVector) {}
