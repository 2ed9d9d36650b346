package org.thatdam.semantic.embed;

/** The little vector arithmetic embeddings need: unit length, and similarity of unit vectors. */
public final class Vectors {
    private Vectors() {}

    /** Scales {@code v} in place to length 1 (a zero vector stays zero) and returns it. */
    public static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) sum += (double) x * x;
        if (sum == 0) return v;
        float inv = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) v[i] *= inv;
        return v;
    }

    /** The dot product: for unit vectors, their cosine similarity. */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dims");
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += (double) a[i] * b[i];
        return sum;
    }
}
