package org.thatdam.server;

import org.thatdam.model.Role;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.server.api.SearchPage;
import org.thatdam.server.api.Reindexed;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchSort;

/** Full-text and faceted search over the index (a projection of the catalog). */
final class SearchRoutes {

    private SearchRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/search", "search").role(Role.VIEWER).tag("search").summary("Search with the query language; facet counts with every result")
                .queryText("q", 2000, "e.g. kind:video codec:h264 duration:>60 \"phrase\" prefix")
                .queryEnum("sort", ApiRegistry.names(SearchSort::id, SearchSort.values()), "relevance", "order")
                .queryInt("limit", 50, 1, DamServer.MAX_LIMIT, "page size").queryInt("offset", 0, 0, 100_000, "hits to skip")
                .queryBoolean("facets", true, "count by kind, codec, batch, res, status, year")
                .returns(200, SearchPage.class).handle(ctx -> {
                    String q = Params.text(ctx, "q", 2000);
                    SearchSort sort = Params.parsed(ctx, "sort", SearchSort::parse);
                    String facets = ctx.queryParam("facets");
                    ctx.json(SearchPage.of(dam.search().search(new SearchRequest(q == null ? "" : q,
                            sort == null ? SearchSort.RELEVANCE : sort,
                            Params.integer(ctx, "limit", 50, 1, DamServer.MAX_LIMIT),
                            Params.integer(ctx, "offset", 0, 0, 100_000), !"false".equals(facets == null ? null : facets.strip())))));
                });
        api.post("/api/v1/reindex", "reindex").role(Role.ADMIN).audit(AuditAction.REINDEX).tag("search").summary("Rebuild the search index from the catalog (admin)")
                .returns(200, Reindexed.class).handle(ctx -> {
                    long t0 = System.nanoTime();
                    long n = dam.search().rebuild(AccessPolicy.actor(ctx));
                    ctx.json(new Reindexed(n, (System.nanoTime() - t0) / 1_000_000));
                });
    }
}
