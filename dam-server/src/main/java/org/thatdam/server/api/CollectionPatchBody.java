package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * Changes to a collection; what is left out stays. {@code coverAssetId}: one of its items (any asset for a
 * smart one), 0 for the default (the first item). {@code query} and {@code filter}: smart collections only.
 */
public record CollectionPatchBody(@Nullable String name, @Nullable String description, @Nullable Long coverAssetId,
                                  @Nullable String query, @Nullable String filter) {}
