package org.thatdam.storage.copy;

/** What became of one destination of a verified copy. */
public enum CopyOutcome {
    /** Written and read back identical. */
    COPIED,
    /** A file already there (an earlier, interrupted run) read back identical to the source: left as it is. */
    ALREADY_PRESENT,
    /** Not good after the retry (or a different file is in the way): no copy of ours is left there. */
    FAILED
}
