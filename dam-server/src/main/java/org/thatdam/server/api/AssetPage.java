package org.thatdam.server.api;

import java.util.List;

/** One page of an asset list and how many assets match in all. */
public record AssetPage(long total, int limit, int offset, List<AssetSummary> items) {}
