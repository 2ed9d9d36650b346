package org.thatdam.media.motion;

/** A stretch with motion: its bounds, and the strongest sample in it (score 0..1 = moved area fraction). */
public record MotionSegment(double startSec, double endSec, double peakScore, double peakSec) {

    public double length() {
        return endSec - startSec;
    }
}
