package org.thatdam.model;

import java.time.Instant;

/** One content of an asset over time; {@code versionNo} counts from 1. */
public record AssetVersion(
        long id,
        long assetId,
        int versionNo,
        long sizeBytes,
        String quickHash,
        String fullHash,
        Instant createdAt,
        String error,
        MediaInfo media) {}
