package org.thatdam.media.xmp;

/**
 * A marker of the media's timeline as XMP dynamic media (xmpDM:markers) gives it.
 *
 * @param start   the start as written (a frame count in the track's frame rate, or a timecode)
 * @param seconds the start in seconds when the frame rate is known, else null
 */
public record XmpMarker(String name, String start, Double seconds, String comment) {}
