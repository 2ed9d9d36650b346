package org.thatdam.media.derive;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Pictures in this process: luma statistics, an area-averaging downscale, JPEG files. */
final class Pictures {

    private Pictures() {}

    /**
     * The picture's luma (full range, BT.601 weights) averaged over a {@code side x side} grid,
     * as a thumbnail that small would show it.
     */
    static byte[] lumaGrid(BufferedImage img, int side) {
        int w = img.getWidth(), h = img.getHeight();
        int[] px = rgb(img);
        long[] sum = new long[side * side];
        int[] count = new int[side * side];
        for (int y = 0; y < h; y++) {
            int gy = (int) ((long) y * side / h);
            for (int x = 0; x < w; x++) {
                int p = px[y * w + x];
                int luma = (77 * (p >> 16 & 0xff) + 150 * (p >> 8 & 0xff) + 29 * (p & 0xff) + 128) >> 8;
                int g = gy * side + (int) ((long) x * side / w);
                sum[g] += luma;
                count[g]++;
            }
        }
        byte[] out = new byte[side * side];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (count[i] == 0 ? 0 : Math.round(sum[i] / (double) count[i]));
        }
        return out;
    }

    /** {@code src} shrunk to {@code w x h} by averaging the source area under each pixel (no upscaling). */
    static BufferedImage shrink(BufferedImage src, int w, int h) {
        int sw = src.getWidth(), sh = src.getHeight();
        if (sw == w && sh == h) return src;
        int[] in = rgb(src);
        // Horizontal then vertical, each a weighted sum over the covered span of source pixels.
        float[] row = new float[w * sh * 3];
        double fx = sw / (double) w, fy = sh / (double) h;
        for (int x = 0; x < w; x++) {
            double a = x * fx, b = Math.min(sw, a + fx);
            for (int y = 0; y < sh; y++) {
                float r = 0, g = 0, bl = 0;
                for (int s = (int) a; s < b; s++) {
                    float wgt = (float) (Math.min(b, s + 1) - Math.max(a, s));
                    int p = in[y * sw + s];
                    r += wgt * (p >> 16 & 0xff);
                    g += wgt * (p >> 8 & 0xff);
                    bl += wgt * (p & 0xff);
                }
                int o = (y * w + x) * 3;
                row[o] = r / (float) fx;
                row[o + 1] = g / (float) fx;
                row[o + 2] = bl / (float) fx;
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = rgb(out);
        for (int y = 0; y < h; y++) {
            double a = y * fy, b = Math.min(sh, a + fy);
            for (int x = 0; x < w; x++) {
                float r = 0, g = 0, bl = 0;
                for (int s = (int) a; s < b; s++) {
                    float wgt = (float) (Math.min(b, s + 1) - Math.max(a, s));
                    int o = (s * w + x) * 3;
                    r += wgt * row[o];
                    g += wgt * row[o + 1];
                    bl += wgt * row[o + 2];
                }
                dst[y * w + x] = clamp(r / fy) << 16 | clamp(g / fy) << 8 | clamp(bl / fy);
            }
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** The pixels of a {@code TYPE_INT_RGB} picture. */
    private static int[] rgb(BufferedImage img) {
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    /** Writes {@code img} as a baseline JPEG of the given quality (0..1) to {@code file}. */
    static void writeJpeg(BufferedImage img, float quality, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (OutputStream os = Files.newOutputStream(file);
             ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
    }
}
