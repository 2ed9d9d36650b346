package org.thatdam.server;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.thatdam.core.Dam;
import org.thatdam.core.access.SessionService;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.server.api.AuthStatus;
import org.thatdam.server.api.LoginBody;
import org.thatdam.server.api.LoginView;
import org.thatdam.server.api.UserView;

/** Setting up the first admin, logging in and out, and who the caller is. */
final class AuthRoutes {

    static final String SETUP_HERE_ONLY = "create the first admin on the server's machine: open the dashboard there,"
            + " or run dam users add NAME --role admin --password-stdin";

    private AuthRoutes() {}

    static void register(ApiRegistry api, Dam dam, CredentialAccess access) {
        api.get("/api/v1/auth/status", "getAuthStatus").open().tag("auth")
                .summary("Whether the library needs its first admin, and who the caller is").returns(200, AuthStatus.class)
                .handle(ctx -> {
                    Optional<Principal> p = access.identifyQuietly(ctx);
                    boolean setup = access.needsSetup();
                    ctx.json(new AuthStatus(setup, p.map(Principal::user).orElse(null),
                            p.map(x -> x.role().id()).orElse(null), p.map(x -> x.via().name().toLowerCase(Locale.ROOT)).orElse(null),
                            setup && ClientAddress.localDirect(ctx)));
                });
        // Only from a browser or client on the server's machine, not through a proxy: a library without
        // users listens on loopback, where a reverse proxy on the same machine forwards anyone.
        api.post("/api/v1/auth/setup", "setup").open().tag("auth")
                .summary("Create the first admin (only while the library has no user, only from the server's machine) and log in as them")
                .body(LoginBody.class).returns(201, LoginView.class).handle(ctx -> {
                    if (!ClientAddress.localDirect(ctx)) throw DamException.forbidden(SETUP_HERE_ONLY);
                    LoginBody b = Bodies.required(ctx, LoginBody.class);
                    ctx.status(201);
                    started(ctx, dam, dam.sessions().setup(b.username(), b.password(), ClientAddress.of(ctx), ctx.userAgent()));
                });
        api.post("/api/v1/auth/login", "login").open().tag("auth")
                .summary("Log in: sets the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS)")
                .body(LoginBody.class).returns(200, LoginView.class).handle(ctx -> {
                    if (access.needsSetup()) throw access.setupRequired();
                    LoginBody b = Bodies.required(ctx, LoginBody.class);
                    started(ctx, dam, dam.sessions().login(b.username(), b.password(), ClientAddress.of(ctx), ctx.userAgent()));
                });
        api.post("/api/v1/auth/logout", "logout").open().tag("auth")
                .summary("Log out: ends the session of the cookie sent, and removes the cookie").returnsNothing(204).handle(ctx -> {
                    dam.sessions().logout(ctx.cookie(CredentialAccess.COOKIE), ClientAddress.of(ctx));
                    Cookies.set(ctx, CredentialAccess.COOKIE, "", "/", 0);
                    ctx.status(204);
                });
    }

    /** Hands the new session's token to the browser as its cookie. */
    private static void started(Context ctx, Dam dam, SessionService.NewSession s) {
        Duration maxAge = Duration.between(dam.clock().instant(), s.session().expiresAt());
        Cookies.set(ctx, CredentialAccess.COOKIE, s.token(), "/", (int) Math.max(0, maxAge.toSeconds()));
        ctx.json(new LoginView(UserView.of(s.user()), s.session().expiresAt(), dam.sessions().idle().toMinutes()));
    }
}
