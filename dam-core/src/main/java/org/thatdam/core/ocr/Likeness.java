package org.thatdam.core.ocr;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A frame shrunk to {@value #W}x{@value #H} grey cells, to tell cheaply whether a keyframe shows the same picture as
 * the one read before it (a slide held over several beats): the same when no cell differs by {@value #SAME_CELL} or
 * more (0..255). A caption or a new line of text changes the cells it covers well beyond that, so it is read.
 */
record Likeness(int[] cells) {

    static final int W = 48;
    static final int H = 27;
    static final int SAME_CELL = 6;

    static Likeness of(BufferedImage image) {
        BufferedImage small = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        var g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            // halving steps first, so every source pixel counts (a single bilinear step would skip most of them)
            BufferedImage step = image;
            while (step.getWidth() / 2 >= W * 2 && step.getHeight() / 2 >= H * 2) {
                BufferedImage half = new BufferedImage(step.getWidth() / 2, step.getHeight() / 2,
                        BufferedImage.TYPE_INT_RGB);
                var hg = half.createGraphics();
                hg.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                hg.drawImage(step, 0, 0, half.getWidth(), half.getHeight(), null);
                hg.dispose();
                step = half;
            }
            g.drawImage(step, 0, 0, W, H, null);
        } finally {
            g.dispose();
        }
        int[] cells = new int[W * H];
        small.getRaster().getPixels(0, 0, W, H, cells);
        return new Likeness(cells);
    }

    boolean same(Likeness other) {
        for (int i = 0; i < cells.length; i++) {
            if (Math.abs(cells[i] - other.cells[i]) >= SAME_CELL) return false;
        }
        return true;
    }
}
