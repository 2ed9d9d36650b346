package org.thatdam.core.process;

import org.thatdam.media.derive.ProgressListener;

/** Progress of one step of a longer run, mapped onto its share of the whole. */
final class Progress {

    private Progress() {}

    static ProgressListener part(ProgressListener whole, double from, double to) {
        return f -> whole.progress(from + (to - from) * Math.max(0, Math.min(1, f)));
    }
}
