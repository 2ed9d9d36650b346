package org.thatdam.media.cut;

import java.util.List;
import java.util.Locale;
import org.thatdam.model.DamException;

/** A stretch of a media file in seconds, {@code [startSec, endSec)}. */
public record TimeRange(double startSec, double endSec) {

    public TimeRange {
        if (!Double.isFinite(startSec) || !Double.isFinite(endSec)) {
            throw DamException.invalid("time range bounds must be finite numbers: " + startSec + ".." + endSec);
        }
        if (startSec < 0) {
            throw DamException.invalid("time range cannot start before 0 s: " + startSec);
        }
        if (!(endSec > startSec)) {
            throw DamException.invalid(String.format(Locale.ROOT,
                    "time range must end after it starts: %.3f..%.3f s", startSec, endSec));
        }
    }

    public double length() {
        return endSec - startSec;
    }

    /** Total length of ranges (overlaps are not checked). */
    public static double total(List<TimeRange> ranges) {
        double sum = 0;
        for (TimeRange r : ranges) {
            sum += r.length();
        }
        return sum;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.3f..%.3f s", startSec, endSec);
    }
}
