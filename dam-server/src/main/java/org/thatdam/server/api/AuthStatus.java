package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * What the dashboard needs before showing anything: whether the library waits for its first admin,
 * and who the caller is ({@code user} null when nobody is logged in; {@code via} says how:
 * session, api_key or command_line).
 */
public record AuthStatus(boolean setupRequired, @Nullable String user, @Nullable String role, @Nullable String via) {}
