package org.thatdam.search;

import java.util.List;
import java.util.Map;

/**
 * A page of hits. {@code total} is the exact number of matches. {@code facets} (empty unless
 * requested) maps kind, codec, batch, res, status and year to at most 20 values each, most frequent first
 * (a facet with a selection also lists its selected values). {@code sort} is the order the hits are in
 * ({@link SearchSort#id}): the one asked for, or the query's default.
 */
public record SearchResult(long total, List<SearchHit> items, Map<String, List<FacetCount>> facets, long tookMs, String sort) {}
