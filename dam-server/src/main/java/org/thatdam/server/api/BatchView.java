package org.thatdam.server.api;

import java.time.Instant;
import org.thatdam.model.Batch;

/** A named group of assets with its totals. */
public record BatchView(long id, String name, Instant createdAt, long assetCount, long totalBytes, double totalDurationSec) {

    public static BatchView of(Batch b) {
        return new BatchView(b.id(), b.name(), b.createdAt(), b.assetCount(), b.totalBytes(), b.totalDurationSec());
    }
}
