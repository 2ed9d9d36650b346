package org.thatdam.catalog;

import java.util.List;
import java.util.Optional;
import org.thatdam.model.SavedSearch;

/** Saved searches, each owned by one account. */
public interface SavedSearchRepository {

    /** Saves a search for the user, replacing the one of the same name (ignoring case); returns its id. */
    long save(long userId, String name, String query, String filter, String sort, long now);

    /** The user's searches, by name. */
    List<SavedSearch> list(long userId);

    Optional<SavedSearch> find(long id);

    /** Whether the user has a search of this name (ignoring case). */
    boolean exists(long userId, String name);

    int count(long userId);

    boolean delete(long id);
}
