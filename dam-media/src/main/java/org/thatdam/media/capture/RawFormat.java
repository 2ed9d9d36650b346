package org.thatdam.media.capture;

import org.thatdam.model.FrameRate;

/** The raw pictures (yuv420p) and sound a started source delivers. */
public record RawFormat(int width, int height, FrameRate rate, boolean audio) {
    /** Bytes of one yuv420p frame. */
    public int frameBytes() {
        return width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2);
    }
}
