package org.thatdam.media.libav;

/**
 * How a decoded picture is turned to be shown upright, read from the stream's display matrix the
 * way ffmpeg's automatic rotation reads it (quarter turns and mirrorings; other angles are left as
 * stored, as a child ffmpeg without the rotate filter would).
 */
enum Turn {
    NONE, CLOCK, CCLOCK, TRANSPOSE, TRANSVERSE, HFLIP, VFLIP, HALF;

    boolean sideways() {
        return this == CLOCK || this == CCLOCK || this == TRANSPOSE || this == TRANSVERSE;
    }

    /** From a display matrix (null: none). */
    static Turn of(int[] matrix) {
        if (matrix == null) return NONE;
        double theta = -Math.round(VideoDecoder.rotationOf(matrix));
        theta -= 360 * Math.floor(theta / 360 + 0.9 / 360);
        if (Math.abs(theta - 90) < 1) return matrix[3] > 0 ? TRANSPOSE : CLOCK;
        if (Math.abs(theta - 270) < 1) return matrix[3] < 0 ? TRANSVERSE : CCLOCK;
        if (Math.abs(theta - 180) < 1) {
            boolean h = matrix[0] < 0, v = matrix[4] < 0;
            return h && v ? HALF : h ? HFLIP : v ? VFLIP : NONE;
        }
        if (Math.abs(theta) < 1 && matrix[4] < 0) return VFLIP;
        return NONE;
    }

    /** From an EXIF orientation tag (1..8; anything else: as stored). */
    static Turn ofExif(int orientation) {
        return switch (orientation) {
            case 2 -> HFLIP;
            case 3 -> HALF;
            case 4 -> VFLIP;
            case 5 -> TRANSPOSE;
            case 6 -> CLOCK;
            case 7 -> TRANSVERSE;
            case 8 -> CCLOCK;
            default -> NONE;
        };
    }

    /** {@code px} ({@code w x h}, {@code ch} bytes a pixel) turned; the same array when nothing is to do. */
    byte[] apply(byte[] px, int w, int h, int ch) {
        if (this == NONE) return px;
        int ow = sideways() ? h : w, oh = sideways() ? w : h;
        byte[] out = new byte[px.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx, sy; // where in the stored picture this shown pixel comes from
                switch (this) {
                    case CLOCK -> { sx = y; sy = h - 1 - x; }
                    case CCLOCK -> { sx = w - 1 - y; sy = x; }
                    case TRANSPOSE -> { sx = y; sy = x; }
                    case TRANSVERSE -> { sx = w - 1 - y; sy = h - 1 - x; }
                    case HFLIP -> { sx = w - 1 - x; sy = y; }
                    case VFLIP -> { sx = x; sy = h - 1 - y; }
                    default -> { sx = w - 1 - x; sy = h - 1 - y; }
                }
                System.arraycopy(px, (sy * w + sx) * ch, out, (y * ow + x) * ch, ch);
            }
        }
        return out;
    }
}
