package org.thatdam.model;

import java.time.Instant;

public record LibraryRoot(long id, String path, Instant addedAt) {}
