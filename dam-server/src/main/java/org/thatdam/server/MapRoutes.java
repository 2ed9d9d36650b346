package org.thatdam.server;

import java.util.Optional;
import org.thatdam.core.Dam;
import org.thatdam.model.Role;
import org.thatdam.server.api.MapSettings;
import org.thatdam.server.api.PlacePage;
import org.thatdam.server.api.PlaceView;

/** Maps: the assets with a GPS position, and how the dashboard draws maps (tiles or none). */
final class MapRoutes {

    /** Points a map page asks for at once. */
    static final int MAX_PLACES = 5000;

    private MapRoutes() {}

    static void register(ApiRegistry api, Dam dam, Optional<MapTiles> tiles) {
        api.get("/api/v1/map/places", "listPlaces").role(Role.VIEWER).tag("map")
                .summary("Assets whose current content has a GPS position, newest capture first")
                .queryInt("limit", 1000, 1, MAX_PLACES, "page size").queryInt("offset", 0, 0, Integer.MAX_VALUE, "places to skip")
                .returns(200, PlacePage.class).handle(ctx -> {
                    int limit = Params.integer(ctx, "limit", 1000, 1, MAX_PLACES);
                    int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
                    ctx.json(new PlacePage(dam.assets().countPlaces(), limit, offset,
                            dam.assets().places(limit, offset).stream().map(PlaceView::of).toList()));
                });
        MapSettings settings = tiles.map(t -> new MapSettings(t.urlTemplate(), t.attribution().isEmpty() ? null : t.attribution()))
                .orElse(new MapSettings(null, null));
        api.get("/api/v1/map/settings", "getMapSettings").role(Role.VIEWER).tag("map")
                .summary("How maps are drawn: a tile server (map.tile-url) or, by default, without fetching anything")
                .returns(200, MapSettings.class).handle(ctx -> ctx.json(settings));
    }
}
