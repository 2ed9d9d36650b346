package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * A search to keep under {@code name} (one's search of that name is replaced): the query text, the
 * facet selections as {@code GET /api/v1/search} takes them in {@code filter}, and the order
 * ({@code sort}: relevance, newest, oldest, duration, size or name; left out: the query's default).
 */
public record SavedSearchBody(String name, @Nullable String query, @Nullable String filter, @Nullable String sort) {}
