package org.thatdam.media.scenes;

/** Statistics of one packed RGB picture, computed on its luma. Pure functions. */
final class Pictures {

    static final int THUMB_W = 16;
    static final int THUMB_H = 9;
    /** Mean luma below which a picture counts as black, above which as white; contrast below which as flat. */
    static final double NEAR_BLACK = 28, NEAR_WHITE = 235, FLAT = 10;

    private Pictures() {}

    /** Luma (BT.601 weights, 0..255) of packed RGB24 pixels. */
    static int[] luma(byte[] rgb, int pixels) {
        int[] y = new int[pixels];
        for (int i = 0, p = 0; i < pixels; i++, p += 3) {
            y[i] = (77 * (rgb[p] & 0xff) + 150 * (rgb[p + 1] & 0xff) + 29 * (rgb[p + 2] & 0xff)) >> 8;
        }
        return y;
    }

    static Sample sample(double t, byte[] rgb, int width, int height) {
        int[] y = luma(rgb, width * height);
        double sum = 0, sumSq = 0;
        for (int v : y) {
            sum += v;
            sumSq += (double) v * v;
        }
        int n = y.length;
        double mean = sum / n;
        double contrast = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        return new Sample(t, mean, contrast, sharpness(y, width, height), thumb(y, width, height));
    }

    /**
     * Variance of the 4-neighbour Laplacian: high where edges are crisp, low for blur (motion, focus) and for
     * flat pictures.
     */
    static double sharpness(int[] y, int width, int height) {
        if (width < 3 || height < 3) {
            return 0;
        }
        double sum = 0, sumSq = 0;
        long n = 0;
        for (int r = 1; r < height - 1; r++) {
            int row = r * width;
            for (int c = 1; c < width - 1; c++) {
                int i = row + c;
                int l = 4 * y[i] - y[i - 1] - y[i + 1] - y[i - width] - y[i + width];
                sum += l;
                sumSq += (double) l * l;
                n++;
            }
        }
        double m = sum / n;
        return Math.max(0, sumSq / n - m * m);
    }

    /** Block means over a fixed grid, whatever the picture's aspect. */
    static byte[] thumb(int[] y, int width, int height) {
        byte[] out = new byte[THUMB_W * THUMB_H];
        for (int by = 0; by < THUMB_H; by++) {
            int r0 = by * height / THUMB_H, r1 = Math.max(r0 + 1, (by + 1) * height / THUMB_H);
            for (int bx = 0; bx < THUMB_W; bx++) {
                int c0 = bx * width / THUMB_W, c1 = Math.max(c0 + 1, (bx + 1) * width / THUMB_W);
                long s = 0;
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        s += y[r * width + c];
                    }
                }
                out[by * THUMB_W + bx] = (byte) (s / ((long) (r1 - r0) * (c1 - c0)));
            }
        }
        return out;
    }

    /** Mean absolute difference of two thumbnails, 0..255. */
    static double distance(byte[] a, byte[] b) {
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return s / (double) a.length;
    }

    /** Mean absolute difference of a thumbnail from a mean thumbnail. */
    static double distance(byte[] a, double[] mean) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((a[i] & 0xff) - mean[i]);
        }
        return s / a.length;
    }
}
