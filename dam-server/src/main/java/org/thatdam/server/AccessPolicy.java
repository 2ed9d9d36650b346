package org.thatdam.server;

import io.javalin.http.Context;

/**
 * The one place that decides whether a request may proceed. Today every caller may (the server
 * binds to loopback by default); users, roles and API keys plug in here.
 */
@FunctionalInterface
interface AccessPolicy {
    /** Throws {@link org.thatdam.model.DamException} (unauthorized, forbidden) to refuse. */
    void check(Context ctx);

    AccessPolicy OPEN = ctx -> { };
}
