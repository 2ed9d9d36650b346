package org.thatdam.core.search;

import java.time.Clock;
import java.util.List;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.library.TextRules;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.SavedSearch;
import org.thatdam.model.User;
import org.thatdam.search.FacetFilters;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchSort;

/**
 * Searches people keep to run again. Each account sees and deletes only its own; the command line,
 * which is no account, has none. What is saved is checked as a search would check it, so a saved
 * search always runs.
 */
public final class SavedSearchService {

    public static final int MAX_NAME = 80;
    /** Per account: enough for a navigation list, not a store of arbitrary data. */
    public static final int MAX_PER_USER = 50;

    private final Catalog catalog;
    private final Clock clock;

    public SavedSearchService(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public List<SavedSearch> list(Principal by) {
        if (by.user() == null) return List.of();
        return catalog.read(s -> s.savedSearches().list(owner(s, by).id()));
    }

    /**
     * Saves {@code query} with its facet selections ({@code filter}, null or blank for none) and order
     * ({@code sort}, null for the query's default) under {@code name}, replacing one's search of that name.
     */
    public SavedSearch save(String name, String query, String filter, String sort, Principal by) {
        if (by.user() == null) throw DamException.invalid("saved searches belong to an account; the command line has none");
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME) throw DamException.invalid("a saved search's name has 1 to " + MAX_NAME + " characters");
        TextRules.check("name", n, false);
        String q = query == null ? "" : query.strip();
        TextRules.check("query", q, false);
        String f = filter == null ? "" : filter.strip();
        SearchSort order = sort == null || sort.isBlank() ? null : SearchSort.parse(sort);
        // the same checks as a search: length, syntax (with the position of a problem), known facets
        new SearchRequest(q, order, 1, 0, false, FacetFilters.parse(f)).validate();
        long now = clock.millis();
        return catalog.write(s -> {
            User u = owner(s, by);
            if (!s.savedSearches().exists(u.id(), n) && s.savedSearches().count(u.id()) >= MAX_PER_USER) {
                throw DamException.conflict("you have " + MAX_PER_USER + " saved searches, the most there may be; delete one first");
            }
            long id = s.savedSearches().save(u.id(), n, q, f, order == null ? null : order.id(), now);
            return s.savedSearches().find(id).orElseThrow();
        });
    }

    /** Deletes one of one's own searches (another account's is not found, whoever asks). */
    public void delete(long id, Principal by) {
        catalog.write(s -> {
            SavedSearch found = s.savedSearches().find(id).filter(x -> by.is(x.owner()))
                    .orElseThrow(() -> DamException.notFound("no saved search " + id));
            s.savedSearches().delete(found.id());
            return null;
        });
    }

    private static User owner(org.thatdam.catalog.CatalogSession s, Principal by) {
        return s.users().find(by.user()).orElseThrow(() -> DamException.notFound("no user '" + by.user() + "'"));
    }
}
