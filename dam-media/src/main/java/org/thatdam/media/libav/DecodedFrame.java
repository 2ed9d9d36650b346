package org.thatdam.media.libav;

/**
 * One decoded picture, tightly packed ({@code width * height} bytes for GRAY, 3 per pixel for RGB).
 *
 * @param index  which of the requested times or samples it answers
 * @param timeSec the requested time
 * @param ptsSec the frame's own presentation time
 */
public record DecodedFrame(int index, double timeSec, double ptsSec, boolean keyframe, int width, int height,
                           FrameRequest.PixelFormat format, byte[] pixels) {}
