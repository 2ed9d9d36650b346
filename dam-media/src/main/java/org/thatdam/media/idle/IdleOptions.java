package org.thatdam.media.idle;

import org.thatdam.model.DamException;

/**
 * What counts as idle.
 *
 * @param noiseDb        level below which a change is nothing: the audio level of silence, and the
 *                       picture change (mean absolute difference, as a fraction of full scale, in dB)
 *                       of a frozen picture; -120..0
 * @param minIdleSec     only idle stretches at least this long are cut (&gt; 0)
 * @param padSec         this much of each idle stretch is kept next to the content on either side
 *                       (not at the start or the end of the file), so cuts do not clip words or gestures
 * @param requireSilence idle only where the picture is frozen <em>and</em> the audio is silent (a
 *                       still slide with narration is kept); audio-only files always use silence
 */
public record IdleOptions(double noiseDb, double minIdleSec, double padSec, boolean requireSilence) {

    public IdleOptions {
        if (!(noiseDb >= -120 && noiseDb <= 0)) {
            throw DamException.invalid("noise level must be between -120 and 0 dB, not " + noiseDb);
        }
        if (!(minIdleSec > 0) || Double.isInfinite(minIdleSec)) {
            throw DamException.invalid("minimum idle length must be more than 0 s, not " + minIdleSec);
        }
        if (!(padSec >= 0) || Double.isInfinite(padSec)) {
            throw DamException.invalid("padding must be 0 s or more, not " + padSec);
        }
    }

    public static IdleOptions defaults() {
        return new IdleOptions(-50, 2.0, 0.25, false);
    }

    /** {@link #noiseDb} as an amplitude fraction of full scale: -50 dB is about 0.0032 (0.8 of 255 grey levels). */
    public double noiseLevel() {
        return Math.pow(10, noiseDb / 20);
    }
}
