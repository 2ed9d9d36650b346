package org.thatdam.media.derive;

import org.thatdam.model.DamException;

/** Pixel dimensions of a picture as shown (upright). */
public record Size(int width, int height) {

    public Size {
        if (width <= 0 || height <= 0) {
            throw DamException.invalid("not a picture size: " + width + "x" + height);
        }
    }

    public int longSide() {
        return Math.max(width, height);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
