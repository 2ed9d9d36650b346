package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * Whether a query can run as typed, without running it: when not, the problem ({@code message}) and
 * where it is ({@code position}, 0-based); {@code sort} is the order it would get by default.
 */
public record QueryCheck(boolean ok, @Nullable String message, @Nullable Integer position, String sort) {}
