package org.thatdam.model;

import java.time.Instant;

public record Batch(long id, String name, Instant createdAt, long assetCount, long totalBytes, double totalDurationSec) {}
