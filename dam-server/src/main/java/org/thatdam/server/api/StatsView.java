package org.thatdam.server.api;

import java.util.List;
import org.thatdam.model.CatalogStats;

/** Totals over the whole catalog, by kind, status, codec, batch and month shot. */
public record StatsView(long assets, long bytes, double durationSec, long locations, List<Group> byKind,
                        List<Group> byStatus, List<Group> byCodec, List<Group> byBatch, List<Group> byMonth) {

    /** A key (kind, codec, batch, "2024-03"…), how many assets and their bytes. */
    public record Group(String key, long count, long bytes) {

        static List<Group> of(List<CatalogStats.Group> groups) {
            return groups.stream().map(g -> new Group(g.key(), g.count(), g.bytes())).toList();
        }
    }

    public static StatsView of(CatalogStats s) {
        return new StatsView(s.assets(), s.bytes(), s.durationSec(), s.locations(), Group.of(s.byKind()),
                Group.of(s.byStatus()), Group.of(s.byCodec()), Group.of(s.byBatch()), Group.of(s.byMonth()));
    }
}
