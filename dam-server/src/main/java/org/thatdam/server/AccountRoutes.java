package org.thatdam.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.access.Ages;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.json.Json;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.model.User;
import org.thatdam.server.api.ApiKeyCreateBody;
import org.thatdam.server.api.ApiKeyCreated;
import org.thatdam.server.api.ApiKeyView;
import org.thatdam.server.api.AuditEntryView;
import org.thatdam.server.api.AuditPage;
import org.thatdam.server.api.PasswordBody;
import org.thatdam.server.api.PreferenceBody;
import org.thatdam.server.api.PreferencesView;
import org.thatdam.server.api.SessionView;
import org.thatdam.server.api.UserCreateBody;
import org.thatdam.server.api.UserPatchBody;
import org.thatdam.server.api.UserView;

/**
 * Accounts (admins), one's own password, sessions and API keys, and the audit log. The services
 * check who may do what again and write the audit entries themselves, so these routes declare no
 * audit action of their own.
 */
final class AccountRoutes {

    private AccountRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/users", "listUsers").role(Role.ADMIN).tag("users").summary("Every account and its role")
                .returnsList(200, UserView.class).handle(ctx -> ctx.json(dam.users().list().stream().map(UserView::of).toList()));
        api.post("/api/v1/users", "createUser").role(Role.ADMIN).tag("users").summary("Create an account with a role and a first password")
                .body(UserCreateBody.class).returns(201, UserView.class).handle(ctx -> {
                    UserCreateBody b = Bodies.required(ctx, UserCreateBody.class);
                    User u = dam.users().add(b.username(), b.role(), b.password(), AccessPolicy.principal(ctx), ClientAddress.of(ctx));
                    ctx.status(201).json(UserView.of(u));
                });
        api.patch("/api/v1/users/{name}", "updateUser").role(Role.ADMIN).tag("users")
                .summary("Change an account's role or password (a new password ends its sessions); the last admin stays admin")
                .body(UserPatchBody.class).returns(200, UserView.class).handle(ctx -> {
                    UserPatchBody b = Bodies.required(ctx, UserPatchBody.class);
                    User u = dam.users().update(ctx.pathParam("name"), b.role(), b.password(), AccessPolicy.principal(ctx),
                            ClientAddress.of(ctx));
                    ctx.json(UserView.of(u));
                });
        api.delete("/api/v1/users/{name}", "deleteUser").role(Role.ADMIN).tag("users")
                .summary("Remove an account with its sessions and keys; the last admin cannot be removed").returnsNothing(204)
                .handle(ctx -> {
                    dam.users().remove(ctx.pathParam("name"), AccessPolicy.principal(ctx), ClientAddress.of(ctx));
                    ctx.status(204);
                });

        api.post("/api/v1/auth/password", "changePassword").role(Role.VIEWER).tag("auth")
                .summary("Change one's own password (the current one is asked); one's other sessions end, this one stays")
                .body(PasswordBody.class).returnsNothing(204).handle(ctx -> {
                    PasswordBody b = Bodies.required(ctx, PasswordBody.class);
                    dam.sessions().changePassword(AccessPolicy.principal(ctx), b.currentPassword(), b.newPassword(), ClientAddress.of(ctx));
                    ctx.status(204);
                });
        api.get("/api/v1/auth/sessions", "listSessions").role(Role.VIEWER).tag("auth")
                .summary("One's own live sessions, newest first; current marks the one asking")
                .returnsList(200, SessionView.class).handle(ctx -> {
                    Principal p = AccessPolicy.principal(ctx);
                    // the command line's key is nobody's: it has no sessions
                    List<SessionView> sessions = p.user() == null ? List.of()
                            : dam.sessions().list(p.user(), p).stream().map(s -> SessionView.of(s, p)).toList();
                    ctx.json(sessions);
                });
        api.delete("/api/v1/auth/sessions/{id}", "revokeSession").role(Role.VIEWER).tag("auth")
                .summary("End one of one's sessions (an admin: anyone's)").returnsNothing(204).handle(ctx -> {
                    dam.sessions().revoke(Params.id(ctx), AccessPolicy.principal(ctx), ClientAddress.of(ctx));
                    ctx.status(204);
                });

        api.get("/api/v1/auth/preferences", "getPreferences").role(Role.VIEWER).tag("auth")
                .summary("What the dashboard remembers for the one asking (open tab, view, theme)")
                .returns(200, PreferencesView.class)
                .handle(ctx -> ctx.json(PreferencesView.of(dam.preferences().all(AccessPolicy.principal(ctx)))));
        api.put("/api/v1/auth/preferences/{key}", "setPreference").role(Role.VIEWER).tag("auth")
                .summary("Remember one setting (any JSON value up to 8 KB, at most 100 keys)")
                .body(PreferenceBody.class).returnsNothing(204).handle(ctx -> {
                    PreferenceBody b = Bodies.required(ctx, PreferenceBody.class);
                    dam.preferences().put(AccessPolicy.principal(ctx), ctx.pathParam("key"), Json.mapper().writeValueAsString(b.value()));
                    ctx.status(204);
                });
        api.delete("/api/v1/auth/preferences/{key}", "deletePreference").role(Role.VIEWER).tag("auth")
                .summary("Forget one setting").returnsNothing(204).handle(ctx -> {
                    dam.preferences().remove(AccessPolicy.principal(ctx), ctx.pathParam("key"));
                    ctx.status(204);
                });

        api.get("/api/v1/apikeys", "listApiKeys").role(Role.VIEWER).tag("apikeys")
                .summary("API keys: one's own, or (an admin) a user's or everyone's")
                .queryText("user", 64, "whose keys (an admin: anyone; left out: one's own, or everyone's for an admin)")
                .returnsList(200, ApiKeyView.class).handle(ctx -> {
                    Instant now = dam.clock().instant();
                    ctx.json(dam.apiKeys().list(given(Params.text(ctx, "user", 64)), AccessPolicy.principal(ctx)).stream().map(k -> ApiKeyView.of(k, now)).toList());
                });
        api.post("/api/v1/apikeys", "createApiKey").role(Role.VIEWER).tag("apikeys")
                .summary("Make an API key (shown once): for oneself, or (an admin) for a user; never with more rights than its user")
                .optionalBody(ApiKeyCreateBody.class).returns(201, ApiKeyCreated.class).handle(ctx -> {
                    ApiKeyCreateBody b = Bodies.optional(ctx, ApiKeyCreateBody.class);
                    Duration expiresIn = b.expiresInDays() == null ? null : Duration.ofDays(b.expiresInDays());
                    var made = dam.apiKeys().create(b.user(), b.name(), b.role(), expiresIn, AccessPolicy.principal(ctx),
                            ClientAddress.of(ctx));
                    ctx.status(201).json(new ApiKeyCreated(made.key().id(), made.secret(), ApiKeyView.of(made.key(), dam.clock().instant())));
                });
        api.delete("/api/v1/apikeys/{id}", "revokeApiKey").role(Role.VIEWER).tag("apikeys")
                .summary("Revoke an API key (one's own, or an admin: anyone's); it stops working at once")
                .returns(200, ApiKeyView.class).handle(ctx -> {
                    var key = dam.apiKeys().revoke(Params.id(ctx), AccessPolicy.principal(ctx), ClientAddress.of(ctx));
                    ctx.json(ApiKeyView.of(key, dam.clock().instant()));
                });

        api.get("/api/v1/audit", "getAudit").role(Role.ADMIN).tag("audit").summary("Who did what and when, newest first")
                .queryText("user", 64, "only what this user did")
                .queryText("since", 40, "only since this time (2026-01-31T08:00:00Z), day (2026-01-31, UTC) or age (7d, 12h)")
                .queryEnum("action", AuditAction.filters(), null, "only this action (login.failed), or a group of them (login, batch)")
                .queryInt("limit", 100, 1, DamServer.MAX_LIMIT, "how many")
                .returns(200, AuditPage.class).handle(ctx -> {
                    String since = given(Params.text(ctx, "since", 40));
                    String action = given(ctx.queryParam("action")); // one of the declared values
                    var entries = dam.audit().query(given(Params.text(ctx, "user", 64)),
                            since == null ? null : Ages.since(since, dam.clock().instant()), action == null ? null : action.strip(), Params.integer(ctx, "limit", 100, 1, DamServer.MAX_LIMIT));
                    ctx.json(new AuditPage(entries.stream().map(AuditEntryView::of).toList()));
                });
    }

    /** A query parameter's value, or null when it is left out or blank. */
    private static String given(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }
}
