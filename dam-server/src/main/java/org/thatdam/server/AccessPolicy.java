package org.thatdam.server;

import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;

/**
 * The one place that decides whether a request may proceed, given the least role its route needs
 * (null: an open route). It finds out who is asking and leaves that on the request for the route
 * ({@link #principal}). The server's policy is {@link CredentialAccess}.
 */
@FunctionalInterface
interface AccessPolicy {
    /** Throws {@link DamException} (unauthorized, setup_required, forbidden) to refuse. */
    void check(Context ctx, @Nullable Role required);

    /** The request attribute holding the caller, once known. */
    String PRINCIPAL = "dam.principal";

    /** Who is asking, as the policy found out (only on routes that need a role). */
    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) throw DamException.unauthorized("log in, or send an API key (Authorization: Bearer KEY)");
        return p;
    }

    /** The caller as a change's audit entry names them: who, and from which address. */
    static org.thatdam.model.Actor actor(Context ctx) {
        return new org.thatdam.model.Actor(principal(ctx), ClientAddress.of(ctx));
    }
}
