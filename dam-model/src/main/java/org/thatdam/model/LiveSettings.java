package org.thatdam.model;

/**
 * What the user chose for a live source; a null is the source's own default. {@code format} is a
 * device's pixel/codec format, {@code audio} an {@link AudioInput#id()} paired with the picture,
 * {@code transport} {@code tcp} or {@code udp} for RTSP.
 */
public record LiveSettings(Integer width, Integer height, FrameRate rate, String format, String audio, String transport) {
    public static final LiveSettings DEFAULT = new LiveSettings(null, null, null, null, null, null);
}
