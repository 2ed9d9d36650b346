package org.thatdam.model;

import java.time.Instant;

/**
 * A search a person keeps to run again: the query text, the facet selections ({@code filter}, as the
 * search takes them; empty for none) and the order ({@code sort}, null for the query's default).
 */
public record SavedSearch(long id, String owner, String name, String query, String filter, String sort, Instant createdAt) {}
