package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/** Where a collection goes: under {@code parentId}, or with {@code parentId} null (or left out) to the top level. */
public record CollectionMoveBody(@Nullable Long parentId) {}
