package org.thatdam.core.search;

import java.time.Clock;
import java.util.List;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.text.TextRules;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.SavedSearch;
import org.thatdam.model.User;
import org.thatdam.search.FacetFilters;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchSort;

/**
 * Searches people keep to run again. Each account sees and deletes only its own (an admin too); the
 * local command line, which owns the library, may list and delete anyone's. What is saved is checked
 * as a search would check it, so a saved search always runs.
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
        return list(by.user(), by);
    }

    /** {@code user}'s searches: one's own, or anyone's for the command line. */
    public List<SavedSearch> list(String user, Principal by) {
        if (user == null || user.isBlank()) throw DamException.invalid("say whose saved searches");
        if (!by.is(user.strip()) && !commandLine(by)) throw DamException.notFound("no saved searches of '" + user + "' for you");
        return catalog.read(s -> {
            User u = s.users().find(user.strip()).orElseThrow(() -> DamException.notFound("no user '" + user + "'"));
            return s.savedSearches().list(u.id());
        });
    }

    /**
     * Saves {@code query} with its facet selections ({@code filter}, null or blank for none) and order
     * ({@code sort}, null for the query's default) under {@code name}, replacing one's search of that name.
     */
    public SavedSearch save(String name, String query, String filter, String sort, Principal by) {
        return save(by.user(), name, query, filter, sort, by);
    }

    /** {@link #save} for {@code user}: oneself, or anyone for the command line. */
    public SavedSearch save(String user, String name, String query, String filter, String sort, Principal by) {
        if (user == null || user.isBlank()) throw DamException.invalid("saved searches belong to an account: say whose");
        String owner = user.strip();
        if (!by.is(owner) && !commandLine(by)) throw DamException.forbidden("one saves searches for oneself only");
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME) throw DamException.invalid("a saved search's name has 1 to " + MAX_NAME + " characters");
        TextRules.check("name", n, false);
        String q = query == null ? "" : query.strip();
        TextRules.check("query", q, false);
        String f = filter == null ? "" : filter.strip();
        TextRules.check("filter", f, false);
        SearchSort order = sort == null || sort.isBlank() ? null : SearchSort.parse(sort);
        // the same checks as a search: length, syntax (with the position of a problem), known facets
        new SearchRequest(q, order, 1, 0, false, FacetFilters.parse(f)).validate();
        long now = clock.millis();
        return catalog.write(s -> {
            User u = s.users().find(owner).orElseThrow(() -> DamException.notFound("no user '" + owner + "'"));
            if (!s.savedSearches().exists(u.id(), n) && s.savedSearches().count(u.id()) >= MAX_PER_USER) {
                throw DamException.conflict("'" + u.name() + "' has " + MAX_PER_USER + " saved searches, the most there may be; delete one first");
            }
            long id = s.savedSearches().save(u.id(), n, q, f, order == null ? null : order.id(), now);
            return s.savedSearches().find(id).orElseThrow();
        });
    }

    /** Deletes one of one's own searches (another account's is not found; the command line may delete any). */
    public void delete(long id, Principal by) {
        catalog.write(s -> {
            SavedSearch found = s.savedSearches().find(id).filter(x -> by.is(x.owner()) || commandLine(by))
                    .orElseThrow(() -> DamException.notFound("no saved search " + id));
            s.savedSearches().delete(found.id());
            return null;
        });
    }

    private static boolean commandLine(Principal by) {
        return by.via() == Principal.Via.COMMAND_LINE;
    }
}
