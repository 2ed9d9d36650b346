package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * A new collection under {@code parentId} (left out: at the top level). A smart one has a {@code query}
 * (with optional facet selections in {@code filter}, as {@code GET /api/v1/search} takes them), or takes
 * them from one of one's saved searches ({@code savedSearch}: its id or name; {@code name} left out: its name).
 */
public record CollectionCreateBody(@Nullable String name, @Nullable String description, @Nullable Long parentId,
                                   @Nullable String query, @Nullable String filter, @Nullable String savedSearch) {}
