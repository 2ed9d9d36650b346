package org.thatdam.media.fingerprint;

/**
 * The 64-bit DCT perceptual hash of a 32x32 grey picture: the 8x8 lowest frequencies of its 2-D
 * DCT, one bit each for "above their median". Low frequencies are the picture's layout, which
 * survives scaling, re-encoding and bitrate changes; compression noise lives in the high ones.
 * A flat picture (black, one colour) has no layout to hash: it is {@link #FLAT}, a value no real
 * hash takes (the DC term of a real picture is always above the median, so bit 0 is set).
 */
public final class PerceptualHash {

    public static final int SIZE = 32;
    public static final int PIXELS = SIZE * SIZE;
    /** The hash of a picture without layout. */
    public static final long FLAT = 0L;
    /** Below this standard deviation of its 32x32 pixels a picture counts as flat (noise in black). */
    static final double FLAT_STDDEV = 4.0;

    private static final int LOW = 8;
    /** cos((2x+1)uπ/64) for u < 8, x < 32: the only DCT basis values a 64-bit hash needs. */
    private static final double[][] COS = new double[LOW][SIZE];

    static {
        for (int u = 0; u < LOW; u++) {
            for (int x = 0; x < SIZE; x++) {
                COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2.0 * SIZE));
            }
        }
    }

    private PerceptualHash() {}

    /** The hash of a 32x32 grey picture (row by row, one byte per pixel), {@link #FLAT} for a flat one. */
    public static long of(byte[] grey) {
        if (grey.length != PIXELS) throw new IllegalArgumentException("a hash needs " + PIXELS + " pixels");
        if (flat(grey)) return FLAT;
        // separable DCT: rows to their 8 lowest frequencies, then columns
        double[][] rows = new double[SIZE][LOW];
        for (int y = 0; y < SIZE; y++) {
            for (int u = 0; u < LOW; u++) {
                double s = 0;
                for (int x = 0; x < SIZE; x++) s += (grey[y * SIZE + x] & 0xff) * COS[u][x];
                rows[y][u] = s;
            }
        }
        double[] coeff = new double[LOW * LOW];
        for (int v = 0; v < LOW; v++) {
            for (int u = 0; u < LOW; u++) {
                double s = 0;
                for (int y = 0; y < SIZE; y++) s += rows[y][u] * COS[v][y];
                coeff[v * LOW + u] = s;
            }
        }
        double[] sorted = coeff.clone();
        java.util.Arrays.sort(sorted);
        double median = (sorted[31] + sorted[32]) / 2;
        long hash = 0;
        for (int i = 0; i < coeff.length; i++) {
            if (coeff[i] > median) hash |= 1L << i;
        }
        return hash == FLAT ? 1L : hash;
    }

    /** Whether the picture has (almost) no contrast: black, a single colour, a fade's last frame. */
    public static boolean flat(byte[] grey) {
        long sum = 0, sq = 0;
        for (byte b : grey) {
            int p = b & 0xff;
            sum += p;
            sq += (long) p * p;
        }
        double mean = sum / (double) grey.length;
        double var = sq / (double) grey.length - mean * mean;
        return var < FLAT_STDDEV * FLAT_STDDEV;
    }

    /** Differing bits between two hashes; a flat picture is as far from a picture with layout as chance (32). */
    public static int distance(long a, long b) {
        if (a == FLAT || b == FLAT) return a == b ? 0 : 32;
        return Long.bitCount(a ^ b);
    }
}
