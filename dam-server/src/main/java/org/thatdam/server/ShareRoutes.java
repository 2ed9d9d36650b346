package org.thatdam.server;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.thatdam.core.Dam;
import org.thatdam.core.access.ShareService;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.model.DamException;
import org.thatdam.model.Role;
import org.thatdam.model.ShareLink;
import org.thatdam.server.api.ShareBody;
import org.thatdam.server.api.ShareCreated;
import org.thatdam.server.api.ShareView;
import org.thatdam.server.api.SharedView;
import org.thatdam.server.api.UnlockBody;

/**
 * Share links: editors make, list and revoke them; anyone holding a link sees what it shares
 * under {@code /api/v1/shared/{token}} (open routes that check the token themselves). A link with
 * a password answers 401 until unlocked; unlocking sets a cookie, scoped to the link's own path,
 * holding the proof {@link ShareService#unlock} gives.
 */
final class ShareRoutes {

    static final String COOKIE = "dam_share";
    private static final String BASE = "/api/v1/shared/";

    private ShareRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.post("/api/v1/shares", "createShare").role(Role.EDITOR).tag("shares")
                .summary("Share one asset or one batch as a read-only link, optionally expiring and with a password")
                .body(ShareBody.class).returns(201, ShareCreated.class).handle(ctx -> {
                    ShareBody b = Bodies.required(ctx, ShareBody.class);
                    Integer days = b.expiresInDays();
                    if (days != null && (days < 1 || days > ShareService.MAX_EXPIRY_DAYS)) {
                        throw DamException.invalid("expiresInDays must be from 1 to " + ShareService.MAX_EXPIRY_DAYS);
                    }
                    ShareLink link = dam.shares().create(b.assetId(), b.batch(), days == null ? null : Duration.ofDays(days),
                            b.password(), AccessPolicy.principal(ctx), ClientAddress.of(ctx));
                    ShareView view = view(ctx, dam, link);
                    ctx.status(201).json(new ShareCreated(view, view.url()));
                });
        api.get("/api/v1/shares", "listShares").role(Role.EDITOR).tag("shares").summary("Share links, newest first")
                .queryInt("limit", 100, 1, ShareService.MAX_LIST, "page size").queryInt("offset", 0, 0, Integer.MAX_VALUE, "links to skip")
                .returnsList(200, ShareView.class).handle(ctx -> ctx.json(dam.shares().list(AccessPolicy.principal(ctx),
                        Params.integer(ctx, "limit", 100, 1, ShareService.MAX_LIST), Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE))
                        .stream().map(l -> view(ctx, dam, l)).toList()));
        api.delete("/api/v1/shares/{id}", "revokeShare").role(Role.EDITOR).tag("shares")
                .summary("Revoke a share link: it stops opening at once").returnsNothing(204).handle(ctx -> {
                    dam.shares().revoke(Params.id(ctx), AccessPolicy.principal(ctx), ClientAddress.of(ctx));
                    ctx.status(204);
                });

        api.get(BASE + "{token}", "getShared").open().tag("shared")
                .summary("What a share link shows (no account needed); 404 for an unknown, expired or revoked link")
                .returns(200, SharedView.class).handle(ctx -> {
                    String token = ctx.pathParam("token");
                    ctx.header("Cache-Control", "no-store");
                    ctx.json(SharedView.of(dam.shares().open(token, proof(ctx)), BASE + token));
                });
        api.post(BASE + "{token}/unlock", "unlockShared").open().tag("shared")
                .summary("Unlock a link that has a password: sets a cookie for this link only")
                .body(UnlockBody.class).returnsNothing(204).handle(ctx -> {
                    String token = ctx.pathParam("token");
                    UnlockBody b = Bodies.required(ctx, UnlockBody.class);
                    String proof = dam.shares().unlock(token, b.password(), ClientAddress.of(ctx));
                    ShareLink link = dam.shares().open(token, proof).link();
                    Instant expiresAt = link.expiresAt();
                    int maxAge = expiresAt == null ? -1 : (int) Math.max(0, Duration.between(dam.clock().instant(), expiresAt).toSeconds());
                    // only sent to this link's routes; gone when the link expires
                    Cookies.set(ctx, COOKIE, proof, BASE + token, maxAge);
                    ctx.status(204);
                });
        api.get(BASE + "{token}/assets/{id}/poster", "getSharedPoster").open().tag("shared")
                .summary("Poster JPEG of an asset of the link")
                .queryEnum("size", List.of("small", "large"), "small", "small (320 px) or large (1280 px)")
                .download().produces("image/jpeg").handle(ctx -> {
                    String size = Optional.ofNullable(Params.text(ctx, "size", 10)).map(String::strip).orElse("small")
                            .toLowerCase(java.util.Locale.ROOT);
                    AssetRoutes.send(ctx, dam, shared(ctx, dam), "poster-" + size, "poster");
                });
        api.get(BASE + "{token}/assets/{id}/proxy", "getSharedProxy").open().tag("shared")
                .summary("Browser-playable video/audio of an asset of the link, with Range support")
                .download().produces("video/mp4").produces("audio/mp4")
                .handle(ctx -> AssetRoutes.send(ctx, dam, shared(ctx, dam), "proxy", "proxy"));
    }

    /** The asset of the path, when the link of the path shares it (else 404; 401 while locked). */
    private static AssetDetails shared(Context ctx, Dam dam) {
        return dam.shares().asset(ctx.pathParam("token"), proof(ctx), Params.id(ctx));
    }

    private static String proof(Context ctx) {
        return ctx.cookie(COOKIE);
    }

    private static ShareView view(Context ctx, Dam dam, ShareLink link) {
        return ShareView.of(link, url(ctx, link.token()), dam.clock().instant());
    }

    /**
     * The link's address: absolute when the request named its host (checked against the allowed hosts;
     * behind a trusted proxy, the host the client asked the proxy for), else a path.
     */
    static String url(Context ctx, String token) {
        String host = ClientAddress.host(ctx);
        String path = ShareService.PAGE + token;
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) return path;
        return (ClientAddress.https(ctx) ? "https" : "http") + "://" + host + path;
    }
}
