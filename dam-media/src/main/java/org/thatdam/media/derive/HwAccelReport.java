package org.thatdam.media.derive;

import java.util.List;

/** The hardware encoders that were tried and the encoder chosen ("libx264" when none works). */
public record HwAccelReport(List<HwEncoder> candidates, String chosen) {

    public HwAccelReport {
        candidates = List.copyOf(candidates);
    }

    public boolean hardware() {
        return !HwAccel.SOFTWARE.equals(chosen);
    }
}
