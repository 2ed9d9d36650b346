package org.thatdam.server.api;

import java.util.List;

/** One page of the assets with a GPS position ({@code total} of them), newest capture first. */
public record PlacePage(long total, int limit, int offset, List<PlaceView> places) {}
