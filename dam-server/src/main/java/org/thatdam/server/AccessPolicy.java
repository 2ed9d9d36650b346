package org.thatdam.server;

import io.javalin.http.Context;

/**
 * The one place that decides whether a request may proceed. Today every caller may (the server
 * binds to loopback by default); users, roles and API keys plug in here.
 */
@FunctionalInterface
interface AccessPolicy {
    /** Throws {@link ApiError} (401/403) to refuse. */
    void check(Context ctx);

    AccessPolicy OPEN = ctx -> { };
}
