package org.thatdam.server;

import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.Role;

/**
 * The one place that decides whether a request may proceed, given the least role its route needs
 * (null: an open route). Today every caller may (the server binds to loopback by default, and
 * {@link CrossSiteGuard} keeps other web sites out); users, sessions and API keys plug in here.
 */
@FunctionalInterface
interface AccessPolicy {
    /** Throws {@link org.thatdam.model.DamException} (unauthorized, forbidden) to refuse. */
    void check(Context ctx, @Nullable Role required);

    AccessPolicy OPEN = (ctx, required) -> { };
}
