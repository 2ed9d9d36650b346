package org.thatdam.search;

import java.util.List;
import java.util.Map;

/**
 * A page of hits. {@code total} is the exact number of matches. {@code facets} (empty unless
 * requested) maps kind, codec, batch, res, status and year to at most 20 values each, most frequent first.
 */
public record SearchResult(long total, List<SearchHit> items, Map<String, List<FacetCount>> facets, long tookMs) {}
