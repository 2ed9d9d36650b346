package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.AuthSession;
import org.thatdam.model.Principal;

/**
 * A login session of the caller's: where and with what it logged in, when it was last used, when it
 * ends at the latest (sooner when left unused), and whether it is the one making this request.
 */
public record SessionView(long id, Instant createdAt, Instant lastSeenAt, Instant expiresAt, @Nullable String address,
                          @Nullable String userAgent, boolean current) {

    public static SessionView of(AuthSession s, Principal caller) {
        boolean current = caller.via() == Principal.Via.SESSION && caller.credentialId() != null
                && caller.credentialId() == s.id();
        return new SessionView(s.id(), s.createdAt(), s.lastSeenAt(), s.expiresAt(), s.address(), s.userAgent(), current);
    }
}
