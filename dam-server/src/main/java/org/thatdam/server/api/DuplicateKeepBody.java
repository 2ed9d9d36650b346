package org.thatdam.server.api;

import java.util.List;

/** Keep asset {@code keep} and forget {@code forget} (members of its group of duplicates) from the catalog. */
public record DuplicateKeepBody(long keep, List<Long> forget) {}
