package org.thatdam.core.collections;

import java.util.List;
import org.thatdam.model.Asset;

/** One page of a collection's assets (its items in their order, or a smart one's search results) and how many in all. */
public record CollectionAssets(long total, List<Asset> items) {}
