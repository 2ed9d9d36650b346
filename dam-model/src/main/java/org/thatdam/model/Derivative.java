package org.thatdam.model;

import java.time.Instant;

/**
 * A file made from an asset's content. {@code path} is relative to the derivatives root;
 * {@code versionId} is the content version it was made from (stale when the asset moved on).
 */
public record Derivative(long assetId, String kind, long versionId, String path, String mime, long sizeBytes,
                         Integer width, Integer height, String detail, Instant createdAt) {}
