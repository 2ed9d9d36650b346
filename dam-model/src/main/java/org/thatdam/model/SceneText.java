package org.thatdam.model;

/**
 * A region of text read on a beat's keyframe, in reading order ({@code ordinal}); the box is normalised to 0..1
 * of the frame ({@code x, y} its top-left corner).
 */
public record SceneText(long sceneId, int ordinal, String text, double confidence, double x, double y, double w,
                        double h) {}
