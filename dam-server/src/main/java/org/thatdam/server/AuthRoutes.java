package org.thatdam.server;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.thatdam.core.Dam;
import org.thatdam.core.access.SessionService;
import org.thatdam.model.Principal;
import org.thatdam.server.api.AuthStatus;
import org.thatdam.server.api.LoginBody;
import org.thatdam.server.api.LoginView;
import org.thatdam.server.api.UserView;

/** Setting up the first admin, logging in and out, and who the caller is. */
final class AuthRoutes {

    private AuthRoutes() {}

    static void register(ApiRegistry api, Dam dam, CredentialAccess access) {
        api.get("/api/v1/auth/status", "getAuthStatus").open().tag("auth")
                .summary("Whether the library needs its first admin, and who the caller is").returns(200, AuthStatus.class)
                .handle(ctx -> {
                    Optional<Principal> p = access.identifyQuietly(ctx);
                    ctx.json(new AuthStatus(access.needsSetup(), p.map(Principal::user).orElse(null),
                            p.map(x -> x.role().id()).orElse(null), p.map(x -> x.via().name().toLowerCase(Locale.ROOT)).orElse(null)));
                });
        api.post("/api/v1/auth/setup", "setup").open().tag("auth")
                .summary("Create the first admin (only while the library has no user) and log in as them")
                .body(LoginBody.class).returns(201, LoginView.class).handle(ctx -> {
                    LoginBody b = Bodies.required(ctx, LoginBody.class);
                    dam.users().setup(b.username(), b.password(), ClientAddress.of(ctx));
                    ctx.status(201);
                    login(ctx, dam, b);
                });
        api.post("/api/v1/auth/login", "login").open().tag("auth")
                .summary("Log in: sets the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS)")
                .body(LoginBody.class).returns(200, LoginView.class).handle(ctx -> {
                    if (access.needsSetup()) throw access.setupRequired();
                    login(ctx, dam, Bodies.required(ctx, LoginBody.class));
                });
        api.post("/api/v1/auth/logout", "logout").open().tag("auth")
                .summary("Log out: ends the session of the cookie sent, and removes the cookie").returnsNothing(204).handle(ctx -> {
                    dam.sessions().logout(ctx.cookie(CredentialAccess.COOKIE), ClientAddress.of(ctx));
                    ctx.cookie(cookie(ctx, "", Duration.ZERO));
                    ctx.status(204);
                });
    }

    private static void login(Context ctx, Dam dam, LoginBody b) {
        SessionService.NewSession s = dam.sessions().login(b.username(), b.password(), ClientAddress.of(ctx), ctx.userAgent());
        ctx.cookie(cookie(ctx, s.token(), Duration.between(dam.clock().instant(), s.session().expiresAt())));
        ctx.json(new LoginView(UserView.of(s.user()), s.session().expiresAt(), dam.sessions().idle().toMinutes()));
    }

    /** The session cookie: not readable by scripts, not sent by other sites' requests, HTTPS-only when we are. */
    private static Cookie cookie(Context ctx, String value, Duration maxAge) {
        Cookie c = new Cookie(CredentialAccess.COOKIE, value, "/", (int) Math.max(0, maxAge.toSeconds()), ClientAddress.https(ctx));
        c.setHttpOnly(true);
        c.setSameSite(SameSite.LAX);
        return c;
    }
}
