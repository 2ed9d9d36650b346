package org.thatdam.media.fingerprint;

import java.util.Optional;

/**
 * How two fingerprints' content lines up at its best: the offset (in samples of the second against
 * the first), the mean distance of the aligned hashes (0 = the same pictures, about 32 = unrelated),
 * and over how many samples.
 */
public record FingerprintMatch(int offset, double meanDistance, int overlap) {

    /** Aligned hashes this close on average show the same pictures (re-encodes measure 0–4). */
    public static final double DUPLICATE_DISTANCE = 10;
    /** How far apart the two contents may start, in seconds (their trimmed ends are found to a sample or so). */
    public static final double MAX_SHIFT_SEC = 3;
    /** The aligned part must cover this much of the longer content. */
    static final double MIN_OVERLAP = 0.8;
    /** Fewer content samples than this are too few to tell a clip by. */
    public static final int MIN_SAMPLES = 2;

    public boolean duplicate() {
        return meanDistance <= DUPLICATE_DISTANCE;
    }

    /** 1 for the same pictures, 0 for unrelated ones. */
    public double similarity() {
        return Math.max(0, 1 - meanDistance / 32);
    }

    /**
     * The best alignment of two fingerprints' hashes taken at the same rate, over shifts up to
     * {@link #MAX_SHIFT_SEC}; empty when either is too short or no shift overlaps enough (their
     * lengths differ too much to be the same content).
     */
    public static Optional<FingerprintMatch> best(long[] a, long[] b, double rate) {
        if (a.length < MIN_SAMPLES || b.length < MIN_SAMPLES) return Optional.empty();
        int maxShift = (int) Math.round(MAX_SHIFT_SEC * rate);
        int need = (int) Math.ceil(MIN_OVERLAP * Math.max(a.length, b.length));
        FingerprintMatch best = null;
        for (int d = -maxShift; d <= maxShift; d++) {
            int from = Math.max(0, -d), to = Math.min(a.length, b.length - d); // i in a, i + d in b
            int n = to - from;
            if (n < need || n < MIN_SAMPLES) continue;
            long sum = 0;
            for (int i = from; i < to; i++) sum += PerceptualHash.distance(a[i], b[i + d]);
            double mean = sum / (double) n;
            if (best == null || mean < best.meanDistance) best = new FingerprintMatch(d, mean, n);
        }
        return Optional.ofNullable(best);
    }
}
