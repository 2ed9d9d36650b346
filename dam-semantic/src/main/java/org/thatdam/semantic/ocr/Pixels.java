package org.thatdam.semantic.ocr;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Picture to tensor conversions shared by the three models (all take BGR planes, as the models were trained). */
final class Pixels {
    private Pixels() {}

    /** {@code src} resized to {@code w x h} (bilinear), as packed RGB ints. */
    static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The packed RGB ints of an image made by {@link #resize} (or any TYPE_INT_RGB image). */
    static int[] rgb(BufferedImage img) {
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    /**
     * Writes {@code img} as three BGR planes into {@code dst} at {@code offset}, each value
     * {@code (v / 255 - mean[c]) / std[c]}, in a plane {@code planeWidth} wide (columns past the image stay 0).
     */
    static void planes(BufferedImage img, float[] dst, int offset, int planeWidth, float[] mean, float[] std) {
        int w = img.getWidth(), h = img.getHeight();
        int[] px = rgb(img);
        int plane = planeWidth * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = px[y * w + x];
                int i = offset + y * planeWidth + x;
                dst[i] = ((p & 0xff) / 255f - mean[0]) / std[0];
                dst[i + plane] = (((p >> 8) & 0xff) / 255f - mean[1]) / std[1];
                dst[i + 2 * plane] = (((p >> 16) & 0xff) / 255f - mean[2]) / std[2];
            }
        }
    }

    /** The region of {@code src} as its own image (a copy, so later drawing does not touch the source). */
    static BufferedImage crop(BufferedImage src, int x, int y, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(src, 0, 0, w, h, x, y, x + w, y + h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@code src} turned by {@code quarterTurns} × 90° clockwise. */
    static BufferedImage rotate(BufferedImage src, int quarterTurns) {
        int turns = Math.floorMod(quarterTurns, 4);
        if (turns == 0) return src;
        int w = src.getWidth(), h = src.getHeight();
        boolean swap = turns % 2 == 1;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = src.getRGB(x, y);
                switch (turns) {
                    case 1 -> out.setRGB(h - 1 - y, x, p);
                    case 2 -> out.setRGB(w - 1 - x, h - 1 - y, p);
                    default -> out.setRGB(y, w - 1 - x, p);
                }
            }
        }
        return out;
    }
}
