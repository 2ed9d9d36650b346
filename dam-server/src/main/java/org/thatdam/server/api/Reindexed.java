package org.thatdam.server.api;

/** The answer to a rebuild: how many documents the index holds now, and how long it took. */
public record Reindexed(long documents, long tookMs) {}
