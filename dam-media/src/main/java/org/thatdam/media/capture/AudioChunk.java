package org.thatdam.media.capture;

/** Raw sound of a live source: s16le, 48 kHz, stereo; {@code firstSample} counts from the ingest's start. */
public record AudioChunk(long firstSample, long arrivalNanos, byte[] data) {
    public static final int RATE = 48_000;
    public static final int CHANNELS = 2;
    public static final int BYTES_PER_SAMPLE = 2 * CHANNELS;
}
