package org.thatdam.media.fingerprint;

/**
 * Which samples of a video are its content: leading and trailing flat pictures (black, a single
 * colour), static pictures (a slate, a title card, a frozen last frame) and silence are not, so
 * that two different clips with the same black leader do not look alike, and a copy with extra
 * black at an end looks like its original. Indices are of samples taken {@code rate} times a
 * second from the start; {@code last} is inclusive; an empty range has {@code first > last}.
 */
public record ContentRange(int first, int last) {

    /** A picture run whose hashes stay this close to the run's first one is static. */
    static final int STATIC_BITS = 4;
    /** A static run at an end is a slate from this long on (shorter: just a calm start). */
    static final double MIN_SLATE_SEC = 1.5;

    public static final ContentRange EMPTY = new ContentRange(0, -1);

    public boolean isEmpty() {
        return first > last;
    }

    public int size() {
        return isEmpty() ? 0 : last - first + 1;
    }

    /**
     * The range of the pictures: without flat pictures at either end, then without a static run
     * at either end when something moves after (before) it. A clip that is static throughout keeps
     * all its pictures: there is nothing else to recognise it by.
     */
    public static ContentRange ofPictures(long[] hashes, double rate) {
        int first = 0, last = hashes.length - 1;
        while (first <= last && hashes[first] == PerceptualHash.FLAT) first++;
        while (last >= first && hashes[last] == PerceptualHash.FLAT) last--;
        if (first > last) return EMPTY;
        int minSlate = (int) Math.ceil(MIN_SLATE_SEC * rate);
        int lead = staticRun(hashes, first, last, 1);
        if (lead >= minSlate && first + lead <= last) first += lead;
        int tail = staticRun(hashes, last, first, -1);
        if (tail >= minSlate && last - tail >= first) last -= tail;
        return new ContentRange(first, last);
    }

    /** How many samples from {@code from} (towards {@code to}, by {@code step}) show the same still picture. */
    private static int staticRun(long[] hashes, int from, int to, int step) {
        int n = 1;
        for (int i = from + step; step > 0 ? i <= to : i >= to; i += step) {
            if (hashes[i] == PerceptualHash.FLAT || PerceptualHash.distance(hashes[i], hashes[from]) > STATIC_BITS) break;
            n++;
        }
        return n;
    }

    /**
     * This range without the samples outside the audible part, {@code audible} being
     * [start, end) in seconds. When they do not overlap (sound only over black, say) the pictures
     * decide alone.
     */
    public ContentRange audible(double startSec, double endSec, double rate) {
        if (isEmpty() || !(endSec > startSec)) return this;
        // a sample stands for the half period around it
        int from = (int) Math.ceil(startSec * rate - 0.5);
        int to = (int) Math.floor(endSec * rate - 0.5 + 1e-9);
        int f = Math.max(first, from), l = Math.min(last, to);
        return f > l ? this : new ContentRange(f, l);
    }
}
