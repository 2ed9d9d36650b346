package org.thatdam.model;

import java.time.Instant;

/** One copy-import: the content (by full hash) that was copied to {@code destination}. */
public record LedgerEntry(long id, String fullHash, String sourcePath, String destination, Instant copiedAt) {}
