package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;
import org.thatdam.model.Role;

/**
 * A new API key: for {@code user} (oneself when left out; another user's only for an admin), named
 * {@code name}, with {@code role} (the user's when left out; never more), expiring after
 * {@code expiresInDays} (never when left out).
 */
public record ApiKeyCreateBody(@Nullable String user, @Nullable String name, @Nullable Role role, @Nullable Integer expiresInDays) {}
