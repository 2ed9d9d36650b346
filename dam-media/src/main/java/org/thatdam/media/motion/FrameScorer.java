package org.thatdam.media.motion;

import java.util.Arrays;

/**
 * Compares each grey frame with the one before it. Per pair: both frames are blurred 3x3 (sensor
 * noise and compression speckle average out), the frame's mean change is subtracted (global
 * flicker: exposure steps, fluorescent light, encoder quality pulses), pixels whose remaining
 * change exceeds the threshold count as changed, but only in 8x8 blocks where at least half the
 * pixels changed (a real object moves an area; noise survives as isolated specks). Not thread-safe:
 * one per stream of frames.
 */
final class FrameScorer {

    static final int BLOCK = 8;

    private final int width;
    private final int height;
    /** Threshold on sums of nine pixels (the blur's sum is not divided). */
    private final int threshold9;
    private byte[] prevRaw;
    private int[] prevBlur;
    private int[] curBlur;
    private final int[] rowSums;

    /** What one comparison found. {@code duplicate}: byte-identical to the previous frame. */
    record Result(float score, float diff, boolean duplicate) {}

    FrameScorer(int width, int height, double pixelThreshold) {
        this.width = width;
        this.height = height;
        this.threshold9 = (int) Math.round(pixelThreshold * 9);
        this.prevBlur = new int[width * height];
        this.curBlur = new int[width * height];
        this.rowSums = new int[width * height];
    }

    /** Takes the next frame; null for the first one (nothing to compare with). */
    Result next(byte[] frame) {
        if (prevRaw == null) {
            prevRaw = frame.clone();
            blur(frame, prevBlur);
            return null;
        }
        if (Arrays.equals(frame, prevRaw)) {
            return new Result(0, 0, true); // the blurred frame is the same too: keep it
        }
        System.arraycopy(frame, 0, prevRaw, 0, frame.length);
        blur(frame, curBlur);
        Result r = compare(prevBlur, curBlur);
        int[] t = prevBlur;
        prevBlur = curBlur;
        curBlur = t;
        return r;
    }

    private Result compare(int[] a, int[] b) {
        int n = width * height;
        long sum = 0, absSum = 0;
        for (int i = 0; i < n; i++) {
            int d = b[i] - a[i];
            sum += d;
            absSum += Math.abs(d);
        }
        int mean = (int) Math.round(sum / (double) n);
        long changed = 0;
        for (int by = 0; by < height; by += BLOCK) {
            int bh = Math.min(BLOCK, height - by);
            for (int bx = 0; bx < width; bx += BLOCK) {
                int bw = Math.min(BLOCK, width - bx);
                int count = 0;
                for (int y = by; y < by + bh; y++) {
                    int row = y * width;
                    for (int x = bx; x < bx + bw; x++) {
                        if (Math.abs(b[row + x] - a[row + x] - mean) > threshold9) {
                            count++;
                        }
                    }
                }
                if (2 * count >= bw * bh) {
                    changed += count;
                }
            }
        }
        return new Result((float) (changed / (double) n), (float) (absSum / (9.0 * 255 * n)), false);
    }

    /** 3x3 box sum (not divided), edges repeated. */
    private void blur(byte[] src, int[] dst) {
        int w = width, h = height;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int l = src[row + Math.max(0, x - 1)] & 0xff;
                int c = src[row + x] & 0xff;
                int r = src[row + Math.min(w - 1, x + 1)] & 0xff;
                rowSums[row + x] = l + c + r;
            }
        }
        for (int y = 0; y < h; y++) {
            int up = Math.max(0, y - 1) * w, row = y * w, down = Math.min(h - 1, y + 1) * w;
            for (int x = 0; x < w; x++) {
                dst[row + x] = rowSums[up + x] + rowSums[row + x] + rowSums[down + x];
            }
        }
    }
}
