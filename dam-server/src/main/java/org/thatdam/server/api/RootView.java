package org.thatdam.server.api;

import java.time.Instant;
import org.thatdam.model.LibraryRoot;

/** A folder the library scans. */
public record RootView(long id, String path, Instant addedAt) {

    public static RootView of(LibraryRoot r) {
        return new RootView(r.id(), r.path(), r.addedAt());
    }
}
