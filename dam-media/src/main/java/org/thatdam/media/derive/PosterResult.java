package org.thatdam.media.derive;

/**
 * The two poster JPEGs that were written.
 *
 * @param atSec time of the chosen frame in seconds (0 for images and audio waveforms)
 */
public record PosterResult(double atSec, Size small, Size large) {}
