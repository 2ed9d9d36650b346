package org.thatdam.server;

import io.javalin.http.Context;

/** Where a request comes from and how, as audit entries, login throttling and cookies see it. */
final class ClientAddress {

    private ClientAddress() {}

    /** The client's address. */
    static String of(Context ctx) {
        return ctx.ip();
    }

    /** Whether the client reached us over HTTPS (cookies are then marked Secure). */
    static boolean https(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme());
    }
}
