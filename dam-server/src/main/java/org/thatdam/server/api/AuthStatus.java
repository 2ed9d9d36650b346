package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * What the dashboard needs before showing anything: whether the library waits for its first admin,
 * and who the caller is ({@code user} null when nobody is logged in; {@code via} says how:
 * session, api_key or command_line). {@code setupAllowedHere}: the library waits for its first admin
 * and this client may create it (it is on the server's machine, not behind a proxy); otherwise
 * the page says where to do it.
 */
public record AuthStatus(boolean setupRequired, @Nullable String user, @Nullable String role, @Nullable String via,
                         boolean setupAllowedHere) {}
