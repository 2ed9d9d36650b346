package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * A new share link: one asset ({@code assetId}) or one batch ({@code batch}); it never expires
 * unless {@code expiresInDays} is given, and needs no password unless {@code password} is.
 */
public record ShareBody(@Nullable Long assetId, @Nullable String batch, @Nullable Integer expiresInDays,
                        @Nullable String password) {}
