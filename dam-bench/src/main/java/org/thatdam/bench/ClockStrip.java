package org.thatdam.bench;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A wall clock burnt into each picture as a strip of black and white blocks, for glass-to-glass latency: the
 * lavfi graph stamps every frame with the time it leaves the pattern generator (paced at real time) as
 * milliseconds modulo 2^20 (about 17 minutes), one block per bit across the top of the picture; whoever
 * receives the picture, scaled and JPEG-compressed, reads the blocks back and subtracts from its own clock.
 * The build has no drawtext: each block is a {@code drawbox} switched on per frame by its bit of the time.
 */
final class ClockStrip {

    static final int BITS = 20;
    static final long MODULUS = 1L << BITS;
    /** Stamped at this size; a reader finds the blocks at the same fractions of any scaled size. */
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int BLOCK_W = WIDTH / BITS;
    static final int BLOCK_H = 48;

    private ClockStrip() {}

    /**
     * A moving 1280x720 pattern at {@code fps}, paced at real time, with the strip stamped from the wall clock
     * ({@code RTCTIME}, as pts in milliseconds) and the timestamps then made regular again.
     */
    static String lavfi(int fps) {
        List<String> f = new ArrayList<>();
        f.add("testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=" + fps);
        f.add("realtime");
        f.add("settb=1/1000");
        f.add("setpts=RTCTIME/1000");
        f.add("drawbox=x=0:y=0:w=" + WIDTH + ":h=" + BLOCK_H + ":color=black:t=fill");
        for (int i = 0; i < BITS; i++) {
            // t is pts in seconds: the wall clock's milliseconds, bit i
            f.add("drawbox=x=" + i * BLOCK_W + ":y=0:w=" + BLOCK_W + ":h=" + BLOCK_H + ":color=white:t=fill"
                    + ":enable='mod(floor(t*1000/" + (1L << i) + "),2)'");
        }
        f.add("setpts=N*" + 1000 / fps);
        return String.join(",", f);
    }

    /** The stamped milliseconds (mod 2^20) of a received picture of any size with the stamp's shape. */
    static long read(BufferedImage img) {
        long v = 0;
        int y = BLOCK_H / 2 * img.getHeight() / HEIGHT;
        for (int i = 0; i < BITS; i++) {
            int x = (i * BLOCK_W + BLOCK_W / 2) * img.getWidth() / WIDTH;
            int rgb = img.getRGB(x, y);
            int luma = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
            if (luma >= 128) v |= 1L << i;
        }
        return v;
    }

    /** Milliseconds from the stamp to {@code nowMillis} (the receiver's wall clock), wrapped into [0, 2^20). */
    static long latency(long stamp, long nowMillis) {
        return Math.floorMod(nowMillis - stamp, MODULUS);
    }
}
