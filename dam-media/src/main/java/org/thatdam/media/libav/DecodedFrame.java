package org.thatdam.media.libav;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * One decoded picture, tightly packed ({@code width * height} bytes for GRAY, 3 per pixel for RGB).
 *
 * @param index  which of the requested times or samples it answers
 * @param timeSec the requested time
 * @param ptsSec the frame's own presentation time
 */
public record DecodedFrame(int index, double timeSec, double ptsSec, boolean keyframe, int width, int height,
                           FrameRequest.PixelFormat format, byte[] pixels) {

    /** This picture turned upright by an EXIF orientation tag (1..8, mirrored ones included; others: as is). */
    public DecodedFrame turnedByExif(int orientation) {
        Turn turn = Turn.ofExif(orientation);
        if (turn == Turn.NONE) return this;
        int ch = format == FrameRequest.PixelFormat.GRAY ? 1 : 3;
        byte[] turned = turn.apply(pixels, width, height, ch);
        return turn.sideways() ? new DecodedFrame(index, timeSec, ptsSec, keyframe, height, width, format, turned)
                : new DecodedFrame(index, timeSec, ptsSec, keyframe, width, height, format, turned);
    }

    /** The picture as a {@code TYPE_BYTE_GRAY} or {@code TYPE_INT_RGB} image (a copy). */
    public BufferedImage toImage() {
        if (format == FrameRequest.PixelFormat.GRAY) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            System.arraycopy(pixels, 0, dst, 0, width * height);
            return img;
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int i = 0, p = 0; i < px.length; i++, p += 3) {
            px[i] = (pixels[p] & 0xff) << 16 | (pixels[p + 1] & 0xff) << 8 | (pixels[p + 2] & 0xff);
        }
        return img;
    }
}
