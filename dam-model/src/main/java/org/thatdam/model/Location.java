package org.thatdam.model;

import java.time.Instant;

/** A place on disk where an asset's content was found. */
public record Location(
        long id,
        long assetId,
        String path,
        long sizeBytes,
        long mtimeMillis,
        Long inode,
        String quickHash,
        Instant firstSeen,
        Instant lastSeen,
        boolean missing) {}
