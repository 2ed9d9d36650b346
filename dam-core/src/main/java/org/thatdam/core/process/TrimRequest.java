package org.thatdam.core.process;

import org.thatdam.media.idle.IdleOptions;

/**
 * What an idle trim is asked for: what counts as idle (a picture still within {@code noiseDb}, and
 * with {@code silence} also quiet audio, for at least {@code minIdleSec}), the context kept around
 * each cut, and whether to only report the ranges.
 */
public record TrimRequest(double noiseDb, double minIdleSec, double padSec, boolean silence, boolean dryRun) {

    public TrimRequest {
        new IdleOptions(noiseDb, minIdleSec, padSec, silence); // validates with the detector's own messages
    }

    public static TrimRequest defaults() {
        IdleOptions o = IdleOptions.defaults();
        return new TrimRequest(o.noiseDb(), o.minIdleSec(), o.padSec(), o.requireSilence(), false);
    }

    IdleOptions options() {
        return new IdleOptions(noiseDb, minIdleSec, padSec, silence);
    }
}
