package org.thatdam.media.scenes;

/**
 * One picture of the fixed-rate sample stream: its time, luma statistics (0..255), sharpness (variance of the
 * Laplacian) and a {@value Pictures#THUMB_W}x{@value Pictures#THUMB_H} grey thumbnail to compare pictures by.
 */
record Sample(double t, double mean, double contrast, double sharpness, byte[] thumb) {

    /** Neither near-black, near-white nor flat: a picture worth showing (the poster's rule). */
    boolean usable() {
        return mean >= Pictures.NEAR_BLACK && mean <= Pictures.NEAR_WHITE && contrast >= Pictures.FLAT;
    }
}
