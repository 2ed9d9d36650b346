package org.thatdam.search;

/**
 * Where in a video a hit matched: a scene or a run of adjacent beats whose text or picture matched.
 *
 * @param text    the text seen or heard there, or null (a match by picture)
 * @param sceneId the best-matching scene or beat of the run
 */
public record SearchMatch(double startSec, double endSec, String text, long sceneId) {}
