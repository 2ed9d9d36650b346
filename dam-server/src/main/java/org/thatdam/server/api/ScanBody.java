package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/** What to scan: one folder inside a root, or every root when {@code path} is left out. */
public record ScanBody(@Nullable String path) {}
