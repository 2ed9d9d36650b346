package org.thatdam.media.fingerprint;

/**
 * What {@link VideoFingerprinter} makes of a video: the perceptual hash of each sample of its
 * content range, taken {@code sampleRate} times a second from {@code contentStartSec} to
 * {@code contentEndSec}, and their bitwise majority ({@code coarse}), a summary for pruning.
 * {@code frames} is empty when nothing of the video is content (black or silent throughout).
 */
public record VideoFingerprint(String algo, double sampleRate, long[] frames, double contentStartSec,
                               double contentEndSec, long coarse) {

    /** The bitwise majority of the hashes with layout (flat pictures left out); 0 when there are none. */
    public static long coarse(long[] frames) {
        int[] ones = new int[64];
        int n = 0;
        for (long h : frames) {
            if (h == PerceptualHash.FLAT) continue;
            n++;
            for (int b = 0; b < 64; b++) if ((h >>> b & 1) != 0) ones[b]++;
        }
        long c = 0;
        for (int b = 0; b < 64; b++) if (n > 0 && 2 * ones[b] > n) c |= 1L << b;
        return c;
    }
}
