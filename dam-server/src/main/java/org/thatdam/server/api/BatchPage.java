package org.thatdam.server.api;

import java.util.List;

/** One batch with a page of its assets. */
public record BatchPage(BatchView batch, List<AssetSummary> assets) {}
