package org.thatdam.catalog;

/** What a catalog snapshot holds, read from the snapshot file itself: its assets and its schema version. */
public record CatalogSnapshot(long assets, int schemaVersion, long bytes) {}
