package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.Location;

/** A place on disk where an asset's content was found. */
public record LocationView(String path, long sizeBytes, Instant modifiedAt, boolean missing, @Nullable Instant firstSeen,
                           @Nullable Instant lastSeen) {

    public static LocationView of(Location l) {
        return new LocationView(l.path(), l.sizeBytes(), Instant.ofEpochMilli(l.mtimeMillis()), l.missing(), l.firstSeen(),
                l.lastSeen());
    }
}
