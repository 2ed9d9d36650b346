package org.thatdam.search;

/** One facet value and how many matching assets have it. The value can be used as is in a filter ({@code res:4k}). */
public record FacetCount(String value, long count) {}
