package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.LibraryRoot;

/** A root as added, with the scan of it that was started ({@code scanId} null when it already was a root). */
public record RootAdded(long id, String path, Instant addedAt, @Nullable String scanId) {

    public static RootAdded of(LibraryRoot r, @Nullable String scanId) {
        return new RootAdded(r.id(), r.path(), r.addedAt(), scanId);
    }
}
