package org.thatdam.media.capture;

import java.time.Instant;

/**
 * How a started source is doing: frames delivered, frames the source did not deliver in time (ffmpeg's
 * drops at a constant rate) and repeated to fill gaps, the measured rate, reconnections, since when, and
 * the last error in words.
 */
public record IngestStats(long frames, long droppedFrames, long duplicatedFrames, double fps, long reconnects,
                          Instant since, String lastError) {}
