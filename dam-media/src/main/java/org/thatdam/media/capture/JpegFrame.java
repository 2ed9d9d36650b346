package org.thatdam.media.capture;

import java.time.Instant;

/** One preview picture of a live source, as the JPEG every viewer is sent. */
public record JpegFrame(long index, Instant arrival, byte[] jpeg) {}
