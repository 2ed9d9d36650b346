package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.AssetKind;
import org.thatdam.model.Place;

/** An asset on the map: where its current content was recorded, and when ({@code capturedAt}, as in AssetSummary). */
public record PlaceView(long id, String title, AssetKind kind, double latitude, double longitude, @Nullable Instant capturedAt) {

    public static PlaceView of(Place p) {
        return new PlaceView(p.assetId(), p.title(), p.kind(), p.latitude(), p.longitude(), p.capturedAt());
    }
}
