package org.thatdam.media.capture;

/**
 * How recordings are encoded: {@code encoder} is {@code libx264} or a hardware encoder found to work at
 * start; {@code quality} a CRF-like 0 (best) to 51 used when {@code bitrateKbps} is 0; a keyframe every
 * {@code keyframeSeconds}; {@code preset} the x264 speed preset.
 */
public record EncoderSettings(String encoder, int quality, int bitrateKbps, double keyframeSeconds, String preset) {}
