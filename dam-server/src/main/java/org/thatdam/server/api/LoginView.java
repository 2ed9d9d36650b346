package org.thatdam.server.api;

import java.time.Instant;

/** Who is now logged in, and when the session ends at the latest (it ends sooner when left unused). */
public record LoginView(UserView user, Instant expiresAt, long idleMinutes) {}
