package org.thatdam.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.Dam;
import org.thatdam.core.access.ApiKeyService;
import org.thatdam.core.access.Secrets;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;

/**
 * Who may do what: a caller proves who they are with the session cookie a login set, or an API key
 * sent as {@code Authorization: Bearer KEY}, or — the command line of this machine — the server's
 * local key from the owner-only {@code server.json}. Until the library has a user, nothing but
 * setting it up is answered. A request that changes something with the session cookie must also
 * carry {@value #REQUEST_HEADER}: a header the dashboard always sends and another web site cannot
 * make a browser send without a CORS preflight, which this server never grants.
 */
final class CredentialAccess implements AccessPolicy {

    static final String COOKIE = "dam_session";
    static final String REQUEST_HEADER = "X-Dam-Request";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final Dam dam;
    /** Once the library has a user it always will (the last admin cannot be removed). */
    private volatile boolean hasUsers;

    CredentialAccess(Dam dam) {
        this.dam = dam;
    }

    @Override
    public void check(Context ctx, @Nullable Role required) {
        if (required == null) return;
        Principal p = identify(ctx).orElseThrow(this::anonymous);
        if (p.via() == Principal.Via.SESSION && !SAFE.contains(ctx.method()) && ctx.header(REQUEST_HEADER) == null) {
            throw new DamException(ErrorCode.CROSS_ORIGIN, "a change made with the session cookie must carry the "
                    + REQUEST_HEADER + " header (the dashboard sends it); scripts use an API key");
        }
        if (!p.may(required)) {
            throw DamException.forbidden("this needs the " + required.id() + " role; "
                    + (p.user() == null ? "this credential" : "'" + p.user() + "'") + " has " + p.role().id());
        }
        ctx.attribute(PRINCIPAL, p);
    }

    /** Whether the library still waits for its first user. */
    boolean needsSetup() {
        if (hasUsers) return false;
        boolean none = dam.users().needsSetup();
        if (!none) hasUsers = true;
        return none;
    }

    /**
     * The caller by bearer token or session cookie; an invalid bearer token is refused outright, and
     * so is the local key from anyone but a direct client on this machine ({@link ClientAddress#localDirect}):
     * through a proxy on this machine, any remote client's request comes from loopback too.
     */
    Optional<Principal> identify(Context ctx) {
        return identify(ctx.header("Authorization"), ctx.cookie(COOKIE), true, ClientAddress.localDirect(ctx));
    }

    /** Whether the request carries a credential at all (which must then be valid, wherever it comes from). */
    static boolean sent(Context ctx) {
        return ctx.header("Authorization") != null || ctx.cookie(COOKIE) != null;
    }

    /** The caller by the Authorization header or session cookie they sent; the local key only when {@code local}. */
    private Optional<Principal> identify(@Nullable String authorization, @Nullable String cookie, boolean touch, boolean local) {
        if (authorization != null) {
            String token = bearer(authorization);
            if (Secrets.same(token, dam.localKey())) {
                if (local) return Optional.of(Principal.commandLine());
                throw DamException.unauthorized("the server's local key works only on this machine, without a proxy; send an API key");
            }
            if (token.startsWith(ApiKeyService.PREFIX)) {
                return Optional.of(dam.apiKeys().authenticate(token).orElseThrow(() ->
                        DamException.unauthorized("this API key is not valid: it is revoked, expired or mistyped")));
            }
            throw DamException.unauthorized("the Authorization header must carry an API key (Bearer dam_…)");
        }
        if (cookie == null || cookie.isEmpty()) return Optional.empty();
        return Optional.of(dam.sessions().validate(cookie, touch).orElseThrow(() ->
                DamException.unauthorized("your session has ended; log in again")));
    }

    /**
     * Whether credentials that were accepted once still are, with {@code role}: a long-lived
     * connection (the event stream) ends when its session ends or its key is revoked.
     */
    boolean stillAllows(@Nullable String authorization, @Nullable String cookie, Role role) {
        try {
            // The upgrade (check) let the local key in only from a direct local client; a connection's
            // peer and headers stay what they were, so the key is taken as it was then.
            return identify(authorization, cookie, false, true).map(p -> p.may(role)).orElse(false);
        } catch (DamException e) {
            return false;
        }
    }

    /**
     * Who a long-lived connection's credentials name now, or empty when they are no longer valid (a
     * command sent over the event stream is allowed by its sender's role at the time).
     */
    Optional<Principal> stillIdentifies(@Nullable String authorization, @Nullable String cookie) {
        try {
            return identify(authorization, cookie, false, true);
        } catch (DamException e) {
            return Optional.empty();
        }
    }

    /** The caller, or empty when there is none or the credential is not valid (an open route asking). */
    Optional<Principal> identifyQuietly(Context ctx) {
        try {
            return identify(ctx);
        } catch (DamException e) {
            return Optional.empty();
        }
    }

    DamException setupRequired() {
        return new DamException(ErrorCode.SETUP_REQUIRED, "this library has no users yet: create the first admin"
                + " in the dashboard, or with 'dam users add NAME --role admin --password-stdin'");
    }

    private DamException anonymous() {
        if (needsSetup()) return setupRequired();
        return DamException.unauthorized("log in, or send an API key (Authorization: Bearer KEY)");
    }

    private static String bearer(String authorization) {
        String a = authorization.strip();
        if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw DamException.unauthorized("the Authorization header must be 'Bearer KEY'");
        }
        return a.substring(7).strip();
    }
}
