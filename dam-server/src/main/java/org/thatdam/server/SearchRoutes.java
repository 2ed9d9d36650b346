package org.thatdam.server;

import org.thatdam.model.Role;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.search.SavedSearchService;
import org.thatdam.server.api.SavedSearchBody;
import org.thatdam.server.api.SavedSearchView;
import org.thatdam.server.api.QueryCheck;
import org.thatdam.server.api.SearchPage;
import org.thatdam.server.api.Reindexed;
import org.thatdam.search.FacetFilters;
import org.thatdam.search.QueryException;
import org.thatdam.search.SearchMode;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchSort;

/** Full-text and faceted search over the index (a projection of the catalog). */
final class SearchRoutes {

    private SearchRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/search", "search").role(Role.VIEWER).tag("search")
                .summary("Search with the query language; facet counts with every result (a facet with a selection is counted without it)")
                .queryText("q", 2000, "e.g. kind:video codec:h264 duration:>60 \"phrase\" prefix")
                .queryText("filter", FacetFilters.MAX_LENGTH, "selected facet values, e.g. kind:video kind:image batch:\"Screen Records\": "
                        + "OR within a facet, AND across facets")
                .queryEnum("sort", ApiRegistry.names(SearchSort::id, SearchSort.values()), null,
                        "order; left out: relevance when the query has words, else newest (capture time) first")
                .queryEnum("mode", ApiRegistry.names(SearchMode::id, SearchMode.values()), SearchMode.HYBRID.id(),
                        "keyword: the words; semantic: the meaning (nearest vectors); hybrid: both, fused by rank "
                        + "(keyword only when no embedding model or vectors are there)")
                .queryInt("limit", 50, 1, DamServer.MAX_LIMIT, "page size").queryInt("offset", 0, 0, 100_000, "hits to skip")
                .queryBoolean("facets", true, "count by kind, codec, batch, res, status, year")
                .returns(200, SearchPage.class).handle(ctx -> {
                    String q = Params.text(ctx, "q", 2000);
                    SearchSort sort = Params.parsed(ctx, "sort", SearchSort::parse);
                    SearchMode mode = Params.parsed(ctx, "mode", SearchMode::parse);
                    String facets = ctx.queryParam("facets");
                    ctx.json(SearchPage.of(dam.search().search(new SearchRequest(q == null ? "" : q, sort,
                            Params.integer(ctx, "limit", 50, 1, DamServer.MAX_LIMIT),
                            Params.integer(ctx, "offset", 0, 0, 100_000), !"false".equals(facets == null ? null : facets.strip()),
                            FacetFilters.parse(Params.text(ctx, "filter", FacetFilters.MAX_LENGTH)),
                            mode == null ? SearchMode.HYBRID : mode))));
                });
        // Asked while a query is being typed: a query that cannot run yet is an answer here, not an error.
        api.get("/api/v1/search/check", "checkQuery").role(Role.VIEWER).tag("search")
                .summary("Whether a query can run as typed, and if not what and where the problem is (nothing is searched)")
                .queryText("q", 2000, "the query")
                .queryEnum("mode", ApiRegistry.names(SearchMode::id, SearchMode.values()), SearchMode.KEYWORD.id(),
                        "the mode it would run in (semantic takes more words than keyword)")
                .returns(200, QueryCheck.class).handle(ctx -> {
                    String q = Params.text(ctx, "q", 2000);
                    String query = q == null ? "" : q;
                    String sort = SearchSort.defaultFor(query).id();
                    SearchMode mode = Params.parsed(ctx, "mode", SearchMode::parse);
                    try {
                        new SearchRequest(query, null, 1, 0, false, java.util.Map.of(), mode).validate();
                        ctx.json(new QueryCheck(true, null, null, sort));
                    } catch (QueryException e) {
                        ctx.json(new QueryCheck(false, e.getMessage(), e.position(), sort));
                    }
                });
        api.get("/api/v1/saved-searches", "listSavedSearches").role(Role.VIEWER).tag("search")
                .summary("One's own saved searches, by name").returnsList(200, SavedSearchView.class)
                .handle(ctx -> ctx.json(dam.savedSearches().list(AccessPolicy.principal(ctx)).stream().map(SavedSearchView::of).toList()));
        api.post("/api/v1/saved-searches", "saveSearch").role(Role.VIEWER).tag("search")
                .summary("Keep a search under a name (one's search of that name is replaced); at most "
                        + SavedSearchService.MAX_PER_USER + " an account")
                .body(SavedSearchBody.class).returns(201, SavedSearchView.class).handle(ctx -> {
                    SavedSearchBody b = Bodies.required(ctx, SavedSearchBody.class);
                    var saved = dam.savedSearches().save(b.name(), b.query(), b.filter(), b.sort(), AccessPolicy.principal(ctx));
                    ctx.status(201).json(SavedSearchView.of(saved));
                });
        api.delete("/api/v1/saved-searches/{id}", "deleteSavedSearch").role(Role.VIEWER).tag("search")
                .summary("Delete one of one's saved searches").returnsNothing(204).handle(ctx -> {
                    dam.savedSearches().delete(Params.id(ctx), AccessPolicy.principal(ctx));
                    ctx.status(204);
                });
        api.post("/api/v1/reindex", "reindex").role(Role.ADMIN).audit(AuditAction.REINDEX).tag("search").summary("Rebuild the search index from the catalog (admin)")
                .returns(200, Reindexed.class).handle(ctx -> {
                    long t0 = System.nanoTime();
                    long n = dam.search().rebuild(AccessPolicy.actor(ctx));
                    ctx.json(new Reindexed(n, (System.nanoTime() - t0) / 1_000_000));
                });
    }
}
