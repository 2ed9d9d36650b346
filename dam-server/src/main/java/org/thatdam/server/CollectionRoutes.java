package org.thatdam.server;

import io.javalin.http.Context;
import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.collections.CollectionAssets;
import org.thatdam.core.collections.CollectionPatch;
import org.thatdam.core.collections.CollectionSummary;
import org.thatdam.core.collections.NewCollection;
import org.thatdam.model.DamException;
import org.thatdam.model.Role;
import org.thatdam.server.api.AssetPage;
import org.thatdam.server.api.AssetSummary;
import org.thatdam.server.api.CollectionAssetsBody;
import org.thatdam.server.api.CollectionAssetsChanged;
import org.thatdam.server.api.CollectionCreateBody;
import org.thatdam.server.api.CollectionDetailsView;
import org.thatdam.server.api.CollectionMoveBody;
import org.thatdam.server.api.CollectionOrderBody;
import org.thatdam.server.api.CollectionPatchBody;
import org.thatdam.server.api.CollectionView;

/** Collections: nested, ordered groups of assets, and smart ones that keep a search (viewers read, editors change). */
final class CollectionRoutes {

    private CollectionRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/collections", "listCollections").role(Role.VIEWER).tag("collections")
                .summary("Every collection, each parent before its sub-collections, siblings in their order; "
                        + "with asset: only those holding that asset as an item")
                .queryId("asset", "an asset id").returnsList(200, CollectionView.class).handle(ctx -> {
                    Long asset = Params.parsed(ctx, "asset", CollectionRoutes::assetId);
                    List<CollectionSummary> all = asset == null ? dam.collections().list() : dam.collections().holding(asset);
                    ctx.json(all.stream().map(CollectionView::of).toList());
                });
        api.post("/api/v1/collections", "createCollection").role(Role.EDITOR).audit(AuditAction.COLLECTION_CREATE).tag("collections")
                .summary("Create a collection (smart with a query or a saved search: its assets are that search's live results)")
                .body(CollectionCreateBody.class).returns(201, CollectionView.class).handle(ctx -> {
                    CollectionCreateBody b = Bodies.required(ctx, CollectionCreateBody.class);
                    CollectionSummary made;
                    if (b.savedSearch() != null) {
                        if (b.query() != null || b.filter() != null) throw DamException.invalid("give a query or a saved search, not both");
                        made = dam.collections().createFromSavedSearch(b.name(), b.description(), b.parentId(), b.savedSearch(),
                                AccessPolicy.actor(ctx));
                    } else {
                        made = dam.collections().create(new NewCollection(b.name(), b.description(), b.parentId(), b.query(), b.filter()),
                                AccessPolicy.actor(ctx));
                    }
                    ctx.status(201).header("Location", "/api/v1/collections/" + made.id()).json(CollectionView.of(made));
                });
        api.get("/api/v1/collections/{id}", "getCollection").role(Role.VIEWER).tag("collections")
                .summary("One collection with its sub-collections").returns(200, CollectionDetailsView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    ctx.json(new CollectionDetailsView(CollectionView.of(dam.collections().get(id)),
                            dam.collections().children(id).stream().map(CollectionView::of).toList()));
                });
        api.patch("/api/v1/collections/{id}", "updateCollection").role(Role.EDITOR).audit(AuditAction.COLLECTION_EDIT).tag("collections")
                .summary("Rename a collection, change its description, cover, or (smart ones) query")
                .body(CollectionPatchBody.class).returns(200, CollectionView.class).handle(ctx -> {
                    CollectionPatchBody b = Bodies.required(ctx, CollectionPatchBody.class);
                    ctx.json(CollectionView.of(dam.collections().edit(Params.id(ctx),
                            new CollectionPatch(b.name(), b.description(), b.coverAssetId(), b.query(), b.filter()), AccessPolicy.actor(ctx))));
                });
        api.delete("/api/v1/collections/{id}", "deleteCollection").role(Role.EDITOR).audit(AuditAction.COLLECTION_DELETE).tag("collections")
                .summary("Delete a collection and its items; the assets stay. One with sub-collections needs recursive=true (they go too)")
                .queryBoolean("recursive", false, "also delete its sub-collections").returnsNothing(204).handle(ctx -> {
                    dam.collections().delete(Params.id(ctx), Params.parsed(ctx, "recursive", CollectionRoutes::bool) == Boolean.TRUE,
                            AccessPolicy.actor(ctx));
                    ctx.status(204);
                });
        api.get("/api/v1/collections/{id}/assets", "listCollectionAssets").role(Role.VIEWER).tag("collections")
                .summary("A page of a collection's assets: its items in their order, or a smart one's current search results")
                .queryInt("limit", 100, 1, DamServer.MAX_LIMIT, "page size").queryInt("offset", 0, 0, 100_000, "assets to skip")
                .returns(200, AssetPage.class).handle(ctx -> {
                    int limit = Params.integer(ctx, "limit", 100, 1, DamServer.MAX_LIMIT);
                    int offset = Params.integer(ctx, "offset", 0, 0, 100_000);
                    CollectionAssets page = dam.collections().assets(Params.id(ctx), limit, offset);
                    ctx.json(new AssetPage(page.total(), limit, offset, page.items().stream().map(AssetSummary::of).toList()));
                });
        api.post("/api/v1/collections/{id}/assets", "addCollectionAssets").role(Role.EDITOR).audit(AuditAction.COLLECTION_ADD).tag("collections")
                .summary("Add assets to a collection, after its last item (those already in it stay where they are)")
                .body(CollectionAssetsBody.class).returns(200, CollectionAssetsChanged.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    int n = dam.collections().addAssets(id, assetIds(ctx), AccessPolicy.actor(ctx));
                    ctx.json(new CollectionAssetsChanged(n, CollectionView.of(dam.collections().get(id))));
                });
        api.post("/api/v1/collections/{id}/assets/remove", "removeCollectionAssets").role(Role.EDITOR).audit(AuditAction.COLLECTION_REMOVE)
                .tag("collections").summary("Take assets out of a collection (they stay in the library)")
                .body(CollectionAssetsBody.class).returns(200, CollectionAssetsChanged.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    int n = dam.collections().removeAssets(id, assetIds(ctx), AccessPolicy.actor(ctx));
                    ctx.json(new CollectionAssetsChanged(n, CollectionView.of(dam.collections().get(id))));
                });
        api.put("/api/v1/collections/{id}/order", "orderCollection").role(Role.EDITOR).audit(AuditAction.COLLECTION_ORDER).tag("collections")
                .summary("Set the manual order: all the items' asset ids and/or all the sub-collections' ids, in their new order "
                        + "(a list that is not exactly the current members is refused, 409)")
                .body(CollectionOrderBody.class).returns(200, CollectionView.class).handle(ctx -> {
                    CollectionOrderBody b = Bodies.required(ctx, CollectionOrderBody.class);
                    ctx.json(CollectionView.of(dam.collections().order(Params.id(ctx), b.assets(), b.collections(), AccessPolicy.actor(ctx))));
                });
        api.post("/api/v1/collections/{id}/move", "moveCollection").role(Role.EDITOR).audit(AuditAction.COLLECTION_MOVE).tag("collections")
                .summary("Move a collection under another (not into itself or its own sub-collections) or, with parentId null, to the top level")
                .body(CollectionMoveBody.class).returns(200, CollectionView.class).handle(ctx -> {
                    CollectionMoveBody b = Bodies.required(ctx, CollectionMoveBody.class);
                    ctx.json(CollectionView.of(dam.collections().move(Params.id(ctx), b.parentId(), AccessPolicy.actor(ctx))));
                });
    }

    private static List<Long> assetIds(Context ctx) {
        List<Long> ids = Bodies.required(ctx, CollectionAssetsBody.class).assetIds();
        if (ids == null) throw DamException.invalid("assetIds: give the ids of the assets");
        return ids;
    }

    private static long assetId(String raw) {
        String s = raw.strip();
        if (!s.matches("\\d{1,18}") || Long.parseLong(s) < 1) throw DamException.invalid("an asset id is a whole number from 1");
        return Long.parseLong(s);
    }

    private static Boolean bool(String raw) {
        return switch (raw.strip()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw DamException.invalid("true or false");
        };
    }
}
