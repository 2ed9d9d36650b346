package org.thatdam.model;

import java.time.Instant;

/** Where an asset's current content was recorded (its GPS position), for maps. */
public record Place(long assetId, String title, AssetKind kind, double latitude, double longitude, Instant capturedAt) {}
