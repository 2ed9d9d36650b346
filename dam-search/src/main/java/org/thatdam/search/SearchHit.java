package org.thatdam.search;

/** One hit: enough to render a result row without asking the catalog. */
public record SearchHit(long id, String path, String title, String kind, String status, Double durationSec, Integer width,
        Integer height, String videoCodec, String batch, float score) {}
