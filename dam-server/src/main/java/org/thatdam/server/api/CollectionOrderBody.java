package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The new manual order of a collection: {@code assets} all its items' asset ids, {@code collections} all its
 * sub-collections' ids, each in the new order (one of them may be left out to keep its order).
 */
public record CollectionOrderBody(@Nullable List<Long> assets, @Nullable List<Long> collections) {}
