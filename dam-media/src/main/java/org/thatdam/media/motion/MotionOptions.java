package org.thatdam.media.motion;

import org.thatdam.model.DamException;

/**
 * How motion is found.
 *
 * @param sensitivity   0..1: higher finds smaller and fainter motion (a lower pixel threshold and a
 *                      smaller moving area are enough); 0.5 suits ordinary footage
 * @param minSegmentSec segments shorter than this (after merging short gaps) are dropped
 */
public record MotionOptions(double sensitivity, double minSegmentSec) {

    public static final double DEFAULT_SENSITIVITY = 0.5;
    public static final double DEFAULT_MIN_SEGMENT_SEC = 1.0;

    public MotionOptions {
        if (!(sensitivity >= 0 && sensitivity <= 1)) {
            throw DamException.invalid("motion sensitivity must be between 0 and 1, not " + sensitivity);
        }
        if (!(minSegmentSec >= 0) || Double.isInfinite(minSegmentSec)) {
            throw DamException.invalid("minimum motion segment must be 0 s or more, not " + minSegmentSec);
        }
    }

    public static MotionOptions defaults() {
        return new MotionOptions(DEFAULT_SENSITIVITY, DEFAULT_MIN_SEGMENT_SEC);
    }

    /**
     * Per-pixel threshold (0..255 grey levels, after blur and after the frame's mean change is
     * removed) above which a pixel counts as changed: 19 at sensitivity 0, 11 at 0.5, 3 at 1.
     * Blur and area scaling leave ordinary sensor noise at 1–2 levels.
     */
    public double pixelThreshold() {
        return 3 + 16 * (1 - sensitivity);
    }

    /**
     * Moved area (fraction of the frame) that starts a segment: 3 % at sensitivity 0, about 0.8 % at
     * 0.5, 0.1 % at 1 (quadratic, so the useful middle of the scale is finely graded).
     */
    public double enterThreshold() {
        return 0.001 + 0.029 * (1 - sensitivity) * (1 - sensitivity);
    }

    /** Moved area that keeps a segment going once started: less than what starts one (hysteresis). */
    public double stayThreshold() {
        return enterThreshold() * 0.4;
    }
}
