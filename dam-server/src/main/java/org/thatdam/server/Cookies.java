package org.thatdam.server;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/** The cookies the server sets (session, unlocked share link): not readable by scripts, not sent by other sites' requests, HTTPS-only when we are. */
final class Cookies {

    private Cookies() {}

    /** Sets cookie {@code name} for {@code path}; {@code maxAgeSeconds} -1 lasts as long as the browser, 0 removes it. */
    static void set(Context ctx, String name, String value, String path, int maxAgeSeconds) {
        Cookie c = new Cookie(name, value, path, maxAgeSeconds, ClientAddress.https(ctx));
        c.setHttpOnly(true);
        c.setSameSite(SameSite.LAX);
        ctx.cookie(c);
    }
}
