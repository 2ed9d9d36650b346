package org.thatdam.server.api;

import java.util.List;

/** Assets to add to a collection (appended in this order; those already in it stay where they are) or to take out. */
public record CollectionAssetsBody(List<Long> assetIds) {}
