package org.thatdam.model;

import java.time.Instant;

/**
 * One recording of one source. {@code startedAt} is the arrival of its first frame, {@code startTimecode}
 * that frame's label; {@code assetId} and {@code path} are set once it is in the library; {@code batch}
 * is the capture batch it was catalogued in.
 */
public record CaptureTake(long id, String source, String name, TakeState state, Instant startedAt, Instant finishedAt,
                          String startTimecode, FrameRate frameRate, double durationSeconds, long bytes,
                          long droppedFrames, String operator, Long assetId, String path, String batch, String error) {}
