package org.thatdam.semantic.embed;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.thatdam.model.DamException;

/**
 * A picture → the CHW float tensor CLIP-style image towers expect: the shorter side scaled to the model's input
 * size, the centre cropped to it, RGB in 0..1, then per-channel CLIP mean/std normalisation.
 */
public record ImagePreprocessor(int width, int height) {

    static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    public ImagePreprocessor {
        if (width < 1 || height < 1 || (long) width * height > 4096L * 4096) {
            throw DamException.invalid("a picture input of " + width + "x" + height + " pixels is not usable");
        }
    }

    /** The tensor's values, channel after channel (R plane, G plane, B plane), {@code 3 * height * width} floats. */
    public float[] tensor(BufferedImage image) {
        BufferedImage fitted = resizeAndCrop(image);
        int plane = width * height;
        float[] out = new float[3 * plane];
        int[] argb = fitted.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            out[i] = (((p >> 16) & 0xff) / 255f - MEAN[0]) / STD[0];
            out[plane + i] = (((p >> 8) & 0xff) / 255f - MEAN[1]) / STD[1];
            out[2 * plane + i] = ((p & 0xff) / 255f - MEAN[2]) / STD[2];
        }
        return out;
    }

    /** Scales so the picture covers width × height (keeping its aspect), then keeps the centre. */
    BufferedImage resizeAndCrop(BufferedImage image) {
        double scale = Math.max((double) width / image.getWidth(), (double) height / image.getHeight());
        int w = Math.max(width, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(height, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, -(w - width) / 2, -(h - height) / 2, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
