package org.thatdam.server.api;

import java.util.List;

/** A collection with its sub-collections in their order (its assets are paged: {@code GET …/assets}). */
public record CollectionDetailsView(CollectionView collection, List<CollectionView> children) {}
