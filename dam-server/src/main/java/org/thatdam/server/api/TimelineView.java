package org.thatdam.server.api;

import java.util.List;
import org.thatdam.model.Timeline;

/** How many assets were shot per period (UTC), oldest first; empty periods are left out. */
public record TimelineView(Timeline.By by, List<Bucket> buckets) {

    /** One period: "2024", "2024-01" or "2024-01-31". */
    public record Bucket(String period, long count, double durationSec) {}

    public static TimelineView of(Timeline t) {
        return new TimelineView(Timeline.By.parse(t.by()), t.buckets().stream().map(b -> new Bucket(b.period(), b.count(), b.durationSec())).toList());
    }
}
