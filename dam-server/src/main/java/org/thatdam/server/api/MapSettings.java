package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * How the dashboard draws maps: with the tiles of {@code tileUrl} ({z}/{x}/{y} placeholders, map.tile-url)
 * credited with {@code tileAttribution}, or, when null (the default), from its own drawing alone.
 */
public record MapSettings(@Nullable String tileUrl, @Nullable String tileAttribution) {}
