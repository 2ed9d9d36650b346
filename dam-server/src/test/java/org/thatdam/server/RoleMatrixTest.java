package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.model.Role;
import org.thatdam.server.api.Health;

/**
 * The route × role matrix: every operation declares the least role it needs (or that it is open),
 * the OpenAPI document states it, and the server enforces it. Every route is walked as anonymous,
 * viewer, editor and admin (real users with real API keys) against the same live server.
 */
class RoleMatrixTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia().config(ConfigKey.SERVER_ORIGINALS, "true");

    /** What only an admin may do: manage roots, forget missing files, rebuild the index, back up. */
    static final Set<String> ADMIN = Set.of("addRoot", "removeRoot", "prune", "reindex",
            "listUsers", "createUser", "updateUser", "deleteUser", "getAudit", "startBackup", "listBackups",
            "createField", "editField", "deleteField",
            "addTerm", "updateTerm", "deleteTerm", "mergeTerms", "importVocabulary", "setVocabularySettings",
            "addCaptureSource", "removeCaptureSource");
    /** What needs no account: health, setting up, logging in and out, and what a share link opens. */
    static final Set<String> OPEN = Set.of("getHealth", "getReadiness", "getAuthStatus", "setup", "login", "logout",
            "getShared", "unlockShared", "getSharedPoster", "getSharedProxy");
    /** Reads beyond browsing, playing and downloading derivatives (imports: a tool of the people who import). */
    static final Set<String> EDITOR_READS = Set.of("getOriginal", "listShares", "getUploadResult", "listImports");
    /** Changes any user may make to their own account: password, sessions, API keys, remembered settings, saved searches. */
    static final Set<String> OWN_ACCOUNT = Set.of("changePassword", "revokeSession", "createApiKey", "revokeApiKey",
            "setPreference", "deletePreference", "saveSearch", "deleteSavedSearch");

    /** The role the rules give an operation: reads are for viewers, changes for editors, the library's setup for admins. */
    private static @Nullable Role expected(ApiRegistry.Op op) {
        if (OPEN.contains(op.operationId())) return null;
        if (ADMIN.contains(op.operationId())) return Role.ADMIN;
        if (OWN_ACCOUNT.contains(op.operationId())) return Role.VIEWER;
        if (op.method().name().equals("GET")) return EDITOR_READS.contains(op.operationId()) ? Role.EDITOR : Role.VIEWER;
        return Role.EDITOR;
    }

    private static List<ApiRegistry.Op> ops() {
        return live.server().operations().stream()
                .sorted(Comparator.comparing((ApiRegistry.Op o) -> o.role() == null ? -1 : o.role().ordinal())
                        .thenComparing(ApiRegistry.Op::path).thenComparing(o -> o.method().name()))
                .toList();
    }

    @Test
    void everyRouteHasTheRoleTheRulesGiveIt() {
        StringBuilder table = new StringBuilder(String.format("%n%-8s %-7s %-45s %s%n", "role", "method", "path", "operationId"));
        for (ApiRegistry.Op op : ops()) {
            table.append(String.format("%-8s %-7s %-45s %s%n", op.role() == null ? "none" : op.role().id(), op.method(),
                    op.path(), op.operationId()));
        }
        System.out.println("Route × role matrix:" + table);
        assertThat(ops()).hasSizeGreaterThanOrEqualTo(40);
        for (ApiRegistry.Op op : ops()) {
            assertThat(op.role()).as("role of %s %s", op.method(), op.path()).isEqualTo(expected(op));
        }
    }

    @Test
    void theDocumentStatesEachOperationsRoleAndSecurity() {
        JsonNode doc = LiveServer.parse(get("/api/openapi.json", Role.VIEWER).body());
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path("session").path("type").asText()).isEqualTo("apiKey");
        assertThat(schemes.path("session").path("in").asText()).isEqualTo("cookie");
        assertThat(schemes.path("session").path("name").asText()).isEqualTo("dam_session");
        assertThat(schemes.path("apiKey").path("type").asText()).isEqualTo("http");
        assertThat(schemes.path("apiKey").path("scheme").asText()).isEqualTo("bearer");
        for (ApiRegistry.Op op : ops()) {
            JsonNode o = doc.path("paths").path(op.path()).path(op.method().name().toLowerCase(Locale.ROOT));
            assertThat(o.path("x-required-role").asText()).as("x-required-role of %s", op.operationId())
                    .isEqualTo(op.role() == null ? "none" : op.role().id());
            List<String> security = new ArrayList<>();
            o.path("security").forEach(req -> req.fieldNames().forEachRemaining(security::add));
            assertThat(security).as("security of %s", op.operationId())
                    .isEqualTo(op.role() == null ? List.of() : List.of("session", "apiKey"));
        }
    }

    @Test
    void everyRouteAsksTheHookWithItsRole() {
        List<String> wrong = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format("%n%-7s %-45s %-6s %-6s %-6s %-6s%n", "method", "path",
                "anon", "viewer", "editor", "admin"));
        List<Role> callers = Arrays.asList(null, Role.VIEWER, Role.EDITOR, Role.ADMIN);
        for (ApiRegistry.Op op : ops()) {
            // ids and names that do not exist: a request let through changes nothing
            String path = LiveServer.nowhere(op.path());
            table.append(String.format("%-7s %-45s", op.method(), op.path()));
            for (Role caller : callers) {
                HttpRequest.Builder b = HttpRequest.newBuilder(live.uri(path)).header("Content-Type", "application/json")
                        .method(op.method().name(), op.body() == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"));
                if (caller != null) b.header("Authorization", "Bearer " + live.key(caller));
                int status = live.sendAnonymous(b).statusCode();
                table.append(String.format(" %-6d", status));
                int refusal = op.role() == null ? 0 : caller == null ? 401 : caller.includes(op.role()) ? 0 : 403;
                // an open route may refuse by itself (a wrong password, a share link that does not exist)
                boolean ok = op.role() == null || (refusal == 0 ? status != 401 && status != 403 : status == refusal);
                if (!ok) wrong.add(op.method() + " " + op.path() + " as " + (caller == null ? "anonymous" : caller.id()) + " → " + status);
            }
            table.append('\n');
        }
        System.out.println("Answers by caller:" + table);
        assertThat(wrong).as("answers that do not match the route's role").isEmpty();
    }

    @Test
    void aRefusedRequestChangesNothing() throws Exception {
        Path folder = Files.createDirectories(live.tmp().resolve("not-a-root-yet"));
        int roots = get("/api/v1/roots", Role.VIEWER).body().split("\"id\"").length;
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri("/api/v1/roots")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + live.key(Role.EDITOR)).POST(HttpRequest.BodyPublishers.ofString("{\"path\":" + LiveServer.quote(folder.toString()) + "}")));
        assertThat(LiveServer.assertJsonError("an editor adding a root", r, 403).path("code").asText()).isEqualTo("forbidden");
        assertThat(get("/api/v1/roots", Role.VIEWER).body().split("\"id\"").length).as("roots").isEqualTo(roots);
    }

    @Test
    void theDocumentTheDocsAndTheEventStreamNeedAViewer() throws Exception {
        assertThat(live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/openapi.json"))).statusCode()).isEqualTo(401);
        assertThat(live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/docs"))).statusCode()).isEqualTo(401);
        assertThat(get("/api/docs", Role.VIEWER).statusCode()).isEqualTo(200);
        assertThat(live.sendAnonymous(HttpRequest.newBuilder(live.uri("/health"))).statusCode()).isEqualTo(200);

        assertThatThrownBy(() -> openEvents(null))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
        openEvents(Role.VIEWER).sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRouteWithoutADeclaredRoleCannotBeRegistered() {
        Javalin app = Javalin.create();
        ApiRegistry api = new ApiRegistry(app, (ctx, role) -> { });
        assertThatThrownBy(() -> api.get("/api/v1/undeclared", "undeclared").summary("s").returns(200, Health.class).handle(ctx -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("role");
        assertThatThrownBy(() -> api.get("/api/v1/both", "both").role(Role.VIEWER).open().returns(200, Health.class).handle(ctx -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("role");
        assertThat(api.operations()).isEmpty();
    }

    private static HttpResponse<String> get(String path, Role caller) {
        return live.sendAnonymous(HttpRequest.newBuilder(live.uri(path)).header("Authorization", "Bearer " + live.key(caller)).GET());
    }

    private static WebSocket openEvents(@Nullable Role caller) throws Exception {
        var b = live.http().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (caller != null) b.header("Authorization", "Bearer " + live.key(caller));
        return b.buildAsync(URI.create("ws://127.0.0.1:" + live.port() + "/api/v1/events"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
    }
}
