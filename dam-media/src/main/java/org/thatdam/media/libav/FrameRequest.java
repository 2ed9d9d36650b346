package org.thatdam.media.libav;

import java.util.List;

/**
 * Which frames of a video to decode and how to hand them over.
 *
 * <p>Exactly one of {@code timesSec} (strictly increasing seconds from 0: frame k is the picture shown
 * at times[k], i.e. the first frame whose time reaches it; with {@code keyframesOnly} the key frame at
 * or before it) and {@code sampling} (evenly spaced samples, as ffmpeg's {@code fps} filter takes them)
 * is given.
 *
 * @param maxWidth      the picture is scaled to fit maxWidth x maxHeight, aspect kept, even sides,
 *                      never upscaled
 * @param keyframesOnly decode key frames only (fast, for posters and sprites)
 * @param fast          skip B-frames and the loop filter (motion: references only)
 * @param upright       turn the picture by the stream's display rotation
 * @param lazy          the caller may stop after any frame: nothing is decoded ahead of its go-ahead
 */
public record FrameRequest(List<Double> timesSec, Sampling sampling, int maxWidth, int maxHeight,
                           PixelFormat format, Scaler scaler, boolean keyframesOnly, boolean fast,
                           boolean upright, boolean lazy) {

    /** Evenly spaced samples from {@code startSec}, {@code fps} a second, for {@code durationSec} (0 or less: to the end). */
    public record Sampling(double startSec, double durationSec, double fps) {}

    public enum PixelFormat { GRAY, RGB }

    /** swscale's algorithms, fastest first. */
    public enum Scaler { FAST_BILINEAR, AREA, BICUBIC, LANCZOS }
}
