package org.thatdam.media.idle;

import java.util.List;
import org.thatdam.media.cut.TimeRange;

/**
 * What to keep and what to remove of a file of {@code inputSec} seconds; both lists are in order,
 * do not overlap and together cover the whole file. {@code kept} empty: the file is idle throughout.
 */
public record IdlePlan(double inputSec, List<TimeRange> kept, List<TimeRange> removed) {

    public IdlePlan {
        kept = List.copyOf(kept);
        removed = List.copyOf(removed);
    }

    public double outputSec() {
        return TimeRange.total(kept);
    }

    public boolean nothingToKeep() {
        return kept.isEmpty();
    }
}
