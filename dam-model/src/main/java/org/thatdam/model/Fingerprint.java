package org.thatdam.model;

import java.time.Instant;

/**
 * A compact fingerprint of a video's picture content: one 64-bit perceptual hash per frame sampled
 * at {@code sampleRate} frames per second over the content range [{@code contentStartSec},
 * {@code contentEndSec}] (leading and trailing black, slates and silence left out). {@code algo}
 * names how the hashes were made, so fingerprints made differently are never compared.
 * {@code coarse} summarises the hashes (a bitwise majority), for cheap pruning of candidate pairs.
 * The array is shared, not copied: treat it as read-only.
 */
public record Fingerprint(long assetId, long versionId, String algo, double sampleRate, long[] frames,
                          double contentStartSec, double contentEndSec, long coarse, Instant createdAt) {

    /** The length of the content, in seconds. */
    public double contentSec() {
        return contentEndSec - contentStartSec;
    }
}
