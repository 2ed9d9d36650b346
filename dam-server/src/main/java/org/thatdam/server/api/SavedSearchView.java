package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.SavedSearch;

/** One of the caller's saved searches; {@code sort} null means the query's default order. */
public record SavedSearchView(long id, String name, String query, String filter, @Nullable String sort, Instant createdAt) {

    public static SavedSearchView of(SavedSearch s) {
        return new SavedSearchView(s.id(), s.name(), s.query(), s.filter(), s.sort(), s.createdAt());
    }
}
