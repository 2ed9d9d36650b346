package org.thatdam.model;

import java.util.List;

/** Totals over the whole catalog, grouped the ways a person asks about a library. */
public record CatalogStats(
        long assets,
        long bytes,
        double durationSec,
        long locations,
        List<Group> byKind,
        List<Group> byStatus,
        List<Group> byCodec,
        List<Group> byBatch,
        List<Group> byMonth) {

    /** Groups: a key (kind, codec, batch, "2024-03"…), how many assets and their bytes. */
    public record Group(String key, long count, long bytes) {}
}
