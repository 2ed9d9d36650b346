package org.thatdam.media.capture;

import java.time.Instant;

/**
 * One raw picture of a live source (yuv420p planar, {@link RawFormat} size), numbered from the ingest's
 * start, with the moment it reached us ({@code arrivalNanos} on {@link System#nanoTime()}'s scale).
 */
public record VideoFrame(long index, long arrivalNanos, Instant arrival, byte[] data) {}
