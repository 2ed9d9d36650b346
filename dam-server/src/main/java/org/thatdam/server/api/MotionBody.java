package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;
import org.thatdam.core.process.MotionRequest;

/** Settings of a motion analysis; each one left out takes its default. */
public record MotionBody(@Nullable Double sensitivity, @Nullable Double minSegmentSec, @Nullable Integer peakFrames,
                         @Nullable Boolean clip) {

    public MotionRequest toRequest() {
        MotionRequest d = MotionRequest.defaults();
        return new MotionRequest(sensitivity == null ? d.sensitivity() : sensitivity,
                minSegmentSec == null ? d.minSegmentSec() : minSegmentSec, peakFrames == null ? d.peakFrames() : peakFrames,
                clip == null ? d.clip() : clip);
    }
}
