package org.thatdam.model;

/** One row of the change log: something the search index projects of asset {@code assetId} changed. */
public record Change(long seq, long assetId) {}
