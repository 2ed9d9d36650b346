package org.thatdam.core.collections;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.text.TextRules;
import org.thatdam.core.search.SearchService;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetCollection;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.SavedSearch;
import org.thatdam.model.User;
import org.thatdam.search.FacetFilters;
import org.thatdam.search.SearchHit;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchResult;

/**
 * Collections: named groups of assets from anywhere (an asset can be in many), nested like a project → day →
 * scene tree, each with a manual order of its sub-collections and of its items, a description and a cover.
 * A smart collection is a search kept as a collection: its assets are the live results, so it follows every
 * scan; it holds no items and no sub-collections. Deleting a collection never deletes an asset; a collection
 * with sub-collections goes only when asked to take them along ({@code recursive}).
 */
public final class CollectionService {

    public static final int MAX_NAME = 200;
    public static final int MAX_DESCRIPTION = 10_000;
    /** Assets one call adds, removes or orders: enough for a big selection, bounded for one transaction. */
    public static final int MAX_ASSETS_PER_CALL = 50_000;
    /** How deep collections nest (a path this deep is far past any project → day → scene tree). */
    public static final int MAX_DEPTH = 32;
    /** How long a smart collection's listing waits for the index to take in the catalog's latest changes. */
    private static final Duration FRESH = Duration.ofSeconds(2);

    private final Catalog catalog;
    private final Supplier<SearchService> search;
    private final Clock clock;
    private final AuditLog audit;

    public CollectionService(Catalog catalog, Supplier<SearchService> search, Clock clock, AuditLog audit) {
        this.catalog = catalog;
        this.search = search;
        this.clock = clock;
        this.audit = audit;
    }

    // ------------------------------------------------------------------ reads

    /** Every collection, each parent before its children, siblings in their order. */
    public List<CollectionSummary> list() {
        List<AssetCollection> all = catalog.read(s -> s.collections().list());
        Map<Long, String> paths = paths(all);
        Map<Long, List<AssetCollection>> byParent = byParent(all);
        List<CollectionSummary> out = new ArrayList<>(all.size());
        addTree(byParent, null, paths, out);
        return out;
    }

    private void addTree(Map<Long, List<AssetCollection>> byParent, Long parent, Map<Long, String> paths, List<CollectionSummary> out) {
        for (AssetCollection c : byParent.getOrDefault(parent == null ? 0L : parent, List.of())) {
            out.add(summary(c, paths.get(c.id())));
            addTree(byParent, c.id(), paths, out);
        }
    }

    public CollectionSummary get(long id) {
        List<AssetCollection> all = catalog.read(s -> s.collections().list());
        AssetCollection c = all.stream().filter(x -> x.id() == id).findFirst().orElseThrow(() -> missing(id));
        return summary(c, paths(all).get(id));
    }

    /** The sub-collections of {@code id}, in their order. */
    public List<CollectionSummary> children(long id) {
        List<AssetCollection> all = catalog.read(s -> s.collections().list());
        if (all.stream().noneMatch(c -> c.id() == id)) throw missing(id);
        Map<Long, String> paths = paths(all);
        return byParent(all).getOrDefault(id, List.of()).stream().map(c -> summary(c, paths.get(c.id()))).toList();
    }

    /** A collection by its id ({@code 12}) or its path from the root ({@code Project/Day 1}, ignoring case). */
    public CollectionSummary resolve(String idOrPath) {
        String ref = idOrPath == null ? "" : idOrPath.strip();
        if (ref.isEmpty()) throw DamException.invalid("name a collection by its id or its path, e.g. 'Project/Day 1'");
        if (ref.chars().allMatch(Character::isDigit) && ref.length() < 19) return get(Long.parseLong(ref));
        List<AssetCollection> all = catalog.read(s -> s.collections().list());
        Map<Long, List<AssetCollection>> byParent = byParent(all);
        AssetCollection found = null;
        long parent = 0L;
        for (String part : ref.split("/")) {
            String name = part.strip();
            if (name.isEmpty()) continue;
            found = byParent.getOrDefault(parent, List.of()).stream()
                    .filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> DamException.notFound("no collection at '" + ref + "'"));
            parent = found.id();
        }
        if (found == null) throw DamException.notFound("no collection at '" + ref + "'");
        return summary(found, paths(all).get(found.id()));
    }

    /**
     * A page of a collection's assets: its items in their manual order, or for a smart collection the
     * current results of its search (first waiting briefly for the index to take in the latest catalog changes).
     */
    public CollectionAssets assets(long id, int limit, int offset) {
        if (limit < 1 || limit > SearchRequest.MAX_LIMIT) throw DamException.invalid("limit must be between 1 and " + SearchRequest.MAX_LIMIT);
        if (offset < 0 || offset > SearchRequest.MAX_OFFSET) throw DamException.invalid("offset must be between 0 and " + SearchRequest.MAX_OFFSET);
        AssetCollection c = catalog.read(s -> s.collections().find(id)).orElseThrow(() -> missing(id));
        if (!c.smart()) {
            return catalog.read(s -> new CollectionAssets(s.collections().find(id).map(AssetCollection::items).orElse(0L),
                    s.collections().items(id, limit, offset)));
        }
        SearchService index = search.get();
        index.awaitCatalog(FRESH);
        SearchResult r = index.search(request(c.query(), c.filter(), limit, offset));
        List<Long> ids = r.items().stream().map(SearchHit::id).toList();
        // the catalog's rows, in the search's order; a hit forgotten since it was indexed is left out
        List<Asset> items = catalog.read(s -> ids.stream().map(i -> s.assets().find(i)).flatMap(Optional::stream).toList());
        return new CollectionAssets(r.total(), items);
    }

    /** The paths of the collections that hold {@code assetId} as an item (smart ones are searches, not listed). */
    public List<String> pathsHolding(long assetId) {
        List<AssetCollection> all = catalog.read(s -> s.collections().list());
        List<Long> ids = catalog.read(s -> s.collections().holding(assetId));
        Map<Long, String> paths = paths(all);
        return ids.stream().map(paths::get).filter(Objects::nonNull).sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    /**
     * For every asset in a collection, the paths of the collections holding it (sorted); read at once, so an
     * export of the whole catalog asks the catalog once rather than once per asset.
     */
    public Map<Long, List<String>> pathsByAsset() {
        List<AssetCollection> all = catalog.read(s -> s.collections().list());
        Map<Long, List<Long>> holding = catalog.read(s -> s.collections().holdingAll());
        Map<Long, String> paths = paths(all);
        Map<Long, List<String>> out = new HashMap<>();
        holding.forEach((asset, ids) -> out.put(asset, ids.stream().map(paths::get).filter(Objects::nonNull)
                .sorted(String.CASE_INSENSITIVE_ORDER).toList()));
        return out;
    }

    /** The collections that hold {@code assetId} as an item. */
    public List<CollectionSummary> holding(long assetId) {
        Set<Long> ids = new HashSet<>(catalog.read(s -> s.collections().holding(assetId)));
        return list().stream().filter(c -> ids.contains(c.id())).toList();
    }

    // ------------------------------------------------------------------ writes

    public CollectionSummary create(NewCollection spec, Actor by) {
        String name = validName(spec.name());
        String description = validDescription(spec.description());
        String query = spec.query() == null ? null : validQuery(spec.query(), spec.filter());
        String filter = query == null ? "" : validFilter(spec.filter());
        if (query == null && spec.filter() != null && !spec.filter().isBlank()) {
            throw DamException.invalid("a filter belongs to a smart collection: give a query too");
        }
        long id = catalog.write(s -> {
            if (spec.parentId() != null) {
                AssetCollection parent = s.collections().find(spec.parentId())
                        .orElseThrow(() -> DamException.notFound("no parent collection " + spec.parentId()));
                refuseChildrenOf(parent);
                if (depth(s.collections().list(), parent.id()) + 1 > MAX_DEPTH) {
                    throw DamException.invalid("collections nest at most " + MAX_DEPTH + " deep");
                }
            }
            refuseTakenName(s, spec.parentId(), name, null);
            long created = s.collections().insert(spec.parentId(), name, description, query, filter, userOf(by), clock.millis());
            audit.write(s, by, AuditAction.COLLECTION_CREATE, target(created, name), query == null ? null : "smart: " + query);
            return created;
        });
        return get(id);
    }

    /** A smart collection from a saved search ({@link #savedSearch}): its query and facet selections. */
    public CollectionSummary createFromSavedSearch(String name, String description, Long parentId, String savedSearch, Actor by) {
        SavedSearch saved = savedSearch(savedSearch, by.principal());
        return create(new NewCollection(name == null || name.isBlank() ? saved.name() : name, description, parentId,
                saved.query(), saved.filter()), by);
    }

    /**
     * A saved search by its id or its name: one's own; the command line (which owns the library) may name
     * anyone's, by id or by a name only one account uses.
     */
    public SavedSearch savedSearch(String ref, Principal by) {
        String r = ref == null ? "" : ref.strip();
        if (r.isEmpty()) throw DamException.invalid("name a saved search");
        boolean commandLine = by.via() == Principal.Via.COMMAND_LINE;
        return catalog.read(s -> {
            if (r.chars().allMatch(Character::isDigit) && r.length() < 19) {
                Optional<SavedSearch> byId = s.savedSearches().find(Long.parseLong(r)).filter(x -> commandLine || by.is(x.owner()));
                if (byId.isPresent()) return byId.get();
            }
            List<User> owners = commandLine ? s.users().list()
                    : by.user() == null ? List.of() : s.users().find(by.user()).stream().toList();
            List<SavedSearch> named = owners.stream().flatMap(u -> s.savedSearches().list(u.id()).stream())
                    .filter(x -> x.name().equalsIgnoreCase(r)).toList();
            if (named.isEmpty()) throw DamException.notFound("no saved search '" + r + "'");
            if (named.size() > 1) throw DamException.conflict("several accounts have a saved search '" + r + "': name it by its id");
            return named.get(0);
        });
    }

    public CollectionSummary edit(long id, CollectionPatch patch, Actor by) {
        catalog.update(s -> {
            AssetCollection c = s.collections().find(id).orElseThrow(() -> missing(id));
            String name = patch.name() == null ? c.name() : validName(patch.name());
            if (!name.equals(c.name())) refuseTakenName(s, c.parentId(), name, c.id());
            String description = patch.description() == null ? c.description() : validDescription(patch.description());
            Long cover = c.coverAssetId();
            if (patch.cover() != null) {
                if (patch.cover() == 0) {
                    cover = null;
                } else {
                    if (s.collections().existingAssets(List.of(patch.cover())).isEmpty()) {
                        throw DamException.notFound("no asset " + patch.cover());
                    }
                    if (!c.smart() && !s.collections().itemIds(id).contains(patch.cover())) {
                        throw DamException.invalid("the cover must be one of the collection's items; add asset " + patch.cover() + " first");
                    }
                    cover = patch.cover();
                }
            }
            String query = c.query();
            String filter = c.filter();
            if (patch.query() != null || patch.filter() != null) {
                if (!c.smart()) throw DamException.invalid("only a smart collection has a query; '" + c.name() + "' holds chosen items");
                query = patch.query() == null ? c.query() : patch.query();
                filter = patch.filter() == null ? c.filter() : patch.filter();
                query = validQuery(query, filter);
                filter = validFilter(filter);
            }
            AssetCollection changed = new AssetCollection(c.id(), c.parentId(), name, description, cover, query, filter,
                    c.position(), c.createdBy(), c.createdAt(), c.updatedAt(), c.firstItemId(), c.items(), c.children());
            s.collections().update(changed, clock.millis());
            audit.write(s, by, AuditAction.COLLECTION_EDIT, target(id, name), changes(c, changed));
        });
        return get(id);
    }

    /**
     * Deletes a collection and its items (the assets stay). One with sub-collections is refused unless
     * {@code recursive}, which deletes them too (their assets stay as well).
     */
    public void delete(long id, boolean recursive, Actor by) {
        catalog.update(s -> {
            AssetCollection c = s.collections().find(id).orElseThrow(() -> missing(id));
            if (c.children() > 0 && !recursive) {
                throw DamException.conflict("'" + c.name() + "' has " + c.children() + " sub-collection" + (c.children() == 1 ? "" : "s")
                        + ": move or delete them first, or delete recursively");
            }
            s.collections().delete(id);
            audit.write(s, by, AuditAction.COLLECTION_DELETE, target(id, c.name()), recursive && c.children() > 0 ? "with its sub-collections" : null);
        });
    }

    /** Appends the assets not in the collection yet, in the order given; returns how many were added. */
    public int addAssets(long collectionId, List<Long> assetIds, Actor by) {
        List<Long> ids = distinct(assetIds);
        return catalog.write(s -> {
            AssetCollection c = manual(s, collectionId);
            Set<Long> known = s.collections().existingAssets(ids);
            List<Long> unknown = ids.stream().filter(i -> !known.contains(i)).limit(10).toList();
            if (!unknown.isEmpty()) throw DamException.notFound("no asset " + join(unknown));
            int added = s.collections().addItems(collectionId, ids, userOf(by), clock.millis());
            if (added > 0) audit.write(s, by, AuditAction.COLLECTION_ADD, target(c.id(), c.name()), count(added));
            return added;
        });
    }

    /** Takes the assets out of the collection (the assets stay in the catalog); returns how many were in it. */
    public int removeAssets(long collectionId, List<Long> assetIds, Actor by) {
        List<Long> ids = distinct(assetIds);
        return catalog.write(s -> {
            AssetCollection c = manual(s, collectionId);
            int removed = s.collections().removeItems(collectionId, ids);
            if (c.coverAssetId() != null && ids.contains(c.coverAssetId())) {
                s.collections().update(withCover(c, null), clock.millis());
            }
            if (removed > 0) audit.write(s, by, AuditAction.COLLECTION_REMOVE, target(c.id(), c.name()), count(removed));
            return removed;
        });
    }

    /**
     * Sets the manual order: {@code assetIds} the collection's items and {@code collectionIds} its
     * sub-collections, each (when given) exactly the current ones in their new order. Null leaves that order.
     */
    public CollectionSummary order(long id, List<Long> assetIds, List<Long> collectionIds, Actor by) {
        if (assetIds == null && collectionIds == null) throw DamException.invalid("give the new order of the items (assets) or of the sub-collections (collections)");
        catalog.update(s -> {
            AssetCollection c = s.collections().find(id).orElseThrow(() -> missing(id));
            if (assetIds != null) {
                if (c.smart()) throw DamException.invalid("'" + c.name() + "' is smart: its assets are in the order of its search");
                sameMembers("items", assetIds, s.collections().itemIds(id));
                s.collections().orderItems(id, assetIds, clock.millis());
            }
            if (collectionIds != null) {
                List<Long> children = s.collections().list().stream().filter(x -> Objects.equals(x.parentId(), id)).map(AssetCollection::id).toList();
                sameMembers("sub-collections", collectionIds, children);
                s.collections().orderChildren(id, collectionIds);
            }
            audit.write(s, by, AuditAction.COLLECTION_ORDER, target(id, c.name()), null);
        });
        return get(id);
    }

    /** Moves a collection under {@code parentId} (null: to the top level), last among its new siblings. */
    public CollectionSummary move(long id, Long parentId, Actor by) {
        catalog.update(s -> {
            AssetCollection c = s.collections().find(id).orElseThrow(() -> missing(id));
            List<AssetCollection> all = s.collections().list();
            String to = "the top level";
            if (parentId != null) {
                AssetCollection parent = all.stream().filter(x -> x.id() == parentId).findFirst()
                        .orElseThrow(() -> DamException.notFound("no collection " + parentId + " to move into"));
                refuseChildrenOf(parent);
                if (ancestorsAndSelf(all, parentId).contains(id)) {
                    throw DamException.invalid("'" + c.name() + "' cannot move into itself or one of its own sub-collections");
                }
                if (depth(all, parentId) + height(byParent(all), id) > MAX_DEPTH) {
                    throw DamException.invalid("collections nest at most " + MAX_DEPTH + " deep");
                }
                to = paths(all).get(parentId);
            }
            if (Objects.equals(c.parentId(), parentId)) return;
            refuseTakenName(s, parentId, c.name(), c.id());
            s.collections().move(id, parentId, clock.millis());
            audit.write(s, by, AuditAction.COLLECTION_MOVE, target(id, c.name()), "to " + to);
        });
        return get(id);
    }

    // ------------------------------------------------------------------ rules

    private static DamException missing(long id) {
        return DamException.notFound("no collection " + id);
    }

    private static AssetCollection manual(CatalogSession s, long id) {
        AssetCollection c = s.collections().find(id).orElseThrow(() -> missing(id));
        if (c.smart()) throw DamException.invalid("'" + c.name() + "' is smart: its assets are the results of its search, not chosen items");
        return c;
    }

    private static void refuseChildrenOf(AssetCollection parent) {
        if (parent.smart()) throw DamException.invalid("'" + parent.name() + "' is smart: it holds only the results of its search");
    }

    private static void refuseTakenName(CatalogSession s, Long parentId, String name, Long except) {
        boolean taken = s.collections().list().stream()
                .anyMatch(x -> Objects.equals(x.parentId(), parentId) && x.name().equalsIgnoreCase(name) && !Objects.equals(x.id(), except));
        if (taken) throw DamException.conflict("a collection named '" + name + "' is already there");
    }

    private static void sameMembers(String what, List<Long> given, List<Long> current) {
        Set<Long> seen = new HashSet<>();
        for (Long i : given) {
            if (i == null) throw DamException.invalid("the new order of the " + what + " holds an empty id");
            if (!seen.add(i)) throw DamException.invalid("the new order of the " + what + " names " + i + " twice");
        }
        Set<Long> now = new HashSet<>(current);
        List<Long> extra = given.stream().filter(i -> !now.contains(i)).limit(10).toList();
        List<Long> left = current.stream().filter(i -> !seen.contains(i)).limit(10).toList();
        if (!extra.isEmpty() || !left.isEmpty()) {
            throw DamException.conflict("the new order must list exactly the current " + what + " (" + current.size() + ")"
                    + (extra.isEmpty() ? "" : "; not among them: " + join(extra))
                    + (left.isEmpty() ? "" : "; left out: " + join(left)));
        }
    }

    static String validName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) throw DamException.invalid("a collection's name is empty");
        if (n.length() > MAX_NAME) throw DamException.invalid("a collection's name is longer than " + MAX_NAME + " characters");
        if (n.contains("/")) throw DamException.invalid("a collection's name cannot contain '/' (it separates the levels of a path)");
        TextRules.check("name", n, false);
        return n;
    }

    private static String validDescription(String description) {
        String d = description == null ? "" : description.strip();
        if (d.length() > MAX_DESCRIPTION) throw DamException.invalid("the description is longer than " + MAX_DESCRIPTION + " characters");
        TextRules.check("description", d, true);
        return d;
    }

    /** The query as a search would take it: its length and syntax (with where a problem is) and known facets. */
    private static String validQuery(String query, String filter) {
        String q = query.strip();
        if (q.isEmpty()) throw DamException.invalid("a smart collection's query is empty (an empty query would hold the whole library)");
        TextRules.check("query", q, false);
        new SearchRequest(q, null, 1, 0, false, FacetFilters.parse(filter == null ? "" : filter.strip())).validate();
        return q;
    }

    private static String validFilter(String filter) {
        String f = filter == null ? "" : filter.strip();
        TextRules.check("filter", f, false);
        FacetFilters.parse(f);
        return f;
    }

    private static List<Long> distinct(List<Long> assetIds) {
        if (assetIds == null || assetIds.isEmpty()) throw DamException.invalid("name at least one asset");
        if (assetIds.size() > MAX_ASSETS_PER_CALL) throw DamException.invalid("at most " + MAX_ASSETS_PER_CALL + " assets at once");
        if (assetIds.stream().anyMatch(Objects::isNull)) throw DamException.invalid("an asset id is empty");
        return List.copyOf(new LinkedHashSet<>(assetIds));
    }

    private static SearchRequest request(String query, String filter, int limit, int offset) {
        return new SearchRequest(query, null, limit, offset, false, FacetFilters.parse(filter));
    }

    // ------------------------------------------------------------------ tree arithmetic

    /**
     * A smart collection's cover is only the one chosen for it: a summary never runs its search, so listing and
     * showing collections work without the search index (held by a running server, say).
     */
    private CollectionSummary summary(AssetCollection c, String path) {
        Long cover = c.coverAssetId() != null ? c.coverAssetId() : c.smart() ? null : c.firstItemId();
        return new CollectionSummary(c, path, cover);
    }

    private static Map<Long, List<AssetCollection>> byParent(List<AssetCollection> all) {
        Map<Long, List<AssetCollection>> m = new HashMap<>();
        for (AssetCollection c : all) m.computeIfAbsent(c.parentId() == null ? 0L : c.parentId(), k -> new ArrayList<>()).add(c);
        return m;
    }

    private static Map<Long, String> paths(List<AssetCollection> all) {
        Map<Long, AssetCollection> byId = new HashMap<>();
        all.forEach(c -> byId.put(c.id(), c));
        Map<Long, String> paths = new HashMap<>();
        Function<AssetCollection, String> path = new Function<>() {
            @Override
            public String apply(AssetCollection c) {
                String known = paths.get(c.id());
                if (known != null) return known;
                AssetCollection parent = c.parentId() == null ? null : byId.get(c.parentId());
                String p = parent == null ? c.name() : apply(parent) + "/" + c.name();
                paths.put(c.id(), p);
                return p;
            }
        };
        all.forEach(path::apply);
        return paths;
    }

    /** {@code id} and every collection above it. */
    private static Set<Long> ancestorsAndSelf(List<AssetCollection> all, long id) {
        Map<Long, Long> parentOf = new HashMap<>();
        all.forEach(c -> parentOf.put(c.id(), c.parentId()));
        Set<Long> out = new LinkedHashSet<>();
        for (Long at = id; at != null && out.add(at); at = parentOf.get(at)) {
            // walks up to a root
        }
        return out;
    }

    /** How many levels {@code id} is down (a root is 1). */
    private static int depth(List<AssetCollection> all, long id) {
        return ancestorsAndSelf(all, id).size();
    }

    /** How many levels the subtree of {@code id} spans (a leaf is 1). */
    private static int height(Map<Long, List<AssetCollection>> byParent, long id) {
        int h = 0;
        for (AssetCollection child : byParent.getOrDefault(id, List.of())) h = Math.max(h, height(byParent, child.id()));
        return h + 1;
    }

    private static AssetCollection withCover(AssetCollection c, Long cover) {
        return new AssetCollection(c.id(), c.parentId(), c.name(), c.description(), cover, c.query(), c.filter(), c.position(),
                c.createdBy(), c.createdAt(), c.updatedAt(), c.firstItemId(), c.items(), c.children());
    }

    private static String changes(AssetCollection was, AssetCollection now) {
        List<String> parts = new ArrayList<>();
        if (!was.name().equals(now.name())) parts.add("name " + was.name() + " → " + now.name());
        if (!was.description().equals(now.description())) parts.add("description");
        if (!Objects.equals(was.coverAssetId(), now.coverAssetId())) parts.add("cover " + (now.coverAssetId() == null ? "default" : now.coverAssetId()));
        if (!Objects.equals(was.query(), now.query()) || !Objects.equals(was.filter(), now.filter())) parts.add("query " + now.query());
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static String userOf(Actor by) {
        return by.principal().user();
    }

    private static String target(long id, String name) {
        return "collection " + id + " (" + name + ")";
    }

    private static String count(int n) {
        return n + " asset" + (n == 1 ? "" : "s");
    }

    private static String join(List<Long> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }
}
