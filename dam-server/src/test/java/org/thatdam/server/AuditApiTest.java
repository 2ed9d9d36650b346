package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.server.AccountsApiTest.asKey;
import static org.thatdam.server.AccountsApiTest.assertCode;
import static org.thatdam.server.AccountsApiTest.login;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Role;

/**
 * The audit log through the API, on a real library: logins and failed logins, user and key
 * changes, and changes of the library made through the API (written by the services in the
 * change's own transaction) with the caller, their address and the target; its filters; and that
 * only admins read it. {@link AuditEveryChangeApiTest} calls every audited route.
 */
class AuditApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    /**
     * Account changes, which name no library action: their service writes the entry of its own
     * action. Setting up, logging in and out are open routes.
     */
    static final Set<String> AUDITED_BY_THEIR_SERVICE = Set.of("createUser", "updateUser", "deleteUser", "changePassword",
            "revokeSession", "createApiKey", "revokeApiKey");
    /** Share links are audited by their own service too. */
    static final Set<String> SHARES = Set.of("createShare", "revokeShare");
    /**
     * One's own dashboard settings and saved searches: they change nothing anyone else sees, and a tab
     * switch writes a preference, so they would only bury the log.
     */
    /** Methods that change nothing. */
    static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /**
     * A tus upload's requests each send part of a file: the service writes one {@code upload} entry
     * when the last bytes arrive and the file enters the library, not one per request.
     */
    static final Set<String> UPLOADS = Set.of("createUpload", "appendUpload");
    static final Set<String> PERSONAL = Set.of("setPreference", "deletePreference", "saveSearch", "deleteSavedSearch");

    @Test
    void everyChangeMadeWithARoleDeclaresItsAuditAction() {
        JsonNode doc = live.getJson("/api/openapi.json");
        List<String> undeclared = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        for (ApiRegistry.Op op : live.server().operations()) {
            String name = op.method() + " " + op.path() + " (" + op.operationId() + ")";
            if (READS.contains(op.method().name()) || op.role() == null) {
                assertThat(op.audit()).as("a read or an open route states no audit action: %s", name).isNull();
                continue;
            }
            if (AUDITED_BY_THEIR_SERVICE.contains(op.operationId())) {
                if (op.audit() != null) twice.add(name);
            } else if (op.audit() == null && !SHARES.contains(op.operationId()) && !PERSONAL.contains(op.operationId())
                    && !UPLOADS.contains(op.operationId())) {
                undeclared.add(name);
            }
            String stated = doc.path("paths").path(op.path()).path(op.method().name().toLowerCase(Locale.ROOT))
                    .path("x-audit-action").asText(null);
            assertThat(stated).as("x-audit-action of %s", name).isEqualTo(op.audit() == null ? null : op.audit().id());
        }
        assertThat(live.server().operations().stream().filter(op -> op.audit() != null).map(ApiRegistry.Op::operationId))
                .contains("updateAsset", "deleteAsset", "regenerateDerivative", "deleteDerivative", "requestMotion", "requestIdleTrim",
                        "runFfmpeg", "cancelFfmpegRun", "startScan", "createBatch", "renameBatch", "deleteBatch", "addRoot", "removeRoot",
                        "prune", "reindex", "retryJob", "cancelJob");
        assertThat(undeclared).as("changes without an audit action").isEmpty();
        assertThat(twice).as("account changes that state a library action").isEmpty();
    }

    @Test
    void loginsAndFailedLoginsAreRecorded() {
        assertThat(login(live, LiveServer.ADMIN, LiveServer.PASSWORD).statusCode()).isEqualTo(200);
        assertThat(login(live, LiveServer.ADMIN, "a wrong guess").statusCode()).isEqualTo(401);
        List<JsonNode> entries = audit("action=login&limit=2");
        assertThat(entries).extracting(e -> e.path("action").asText()).containsExactly("login.failed", "login");
        JsonNode failed = entries.get(0);
        assertThat(failed.path("user").isNull()).as("nobody is known by a failed login: %s", failed).isTrue();
        assertThat(failed.path("target").asText()).isEqualTo(LiveServer.ADMIN);
        assertThat(failed.path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(entries.get(1).path("user").asText()).isEqualTo(LiveServer.ADMIN);
        assertThat(entries.get(1).path("address").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void userAndKeyChangesAreRecorded() {
        assertThat(live.post("/api/v1/users", "{\"username\":\"ann\",\"role\":\"viewer\",\"password\":\"ann's password\"}").statusCode())
                .isEqualTo(201);
        JsonNode added = audit("action=user.add&limit=1").get(0);
        assertThat(added.path("user").asText()).isEqualTo(LiveServer.ADMIN);
        assertThat(added.path("target").asText()).isEqualTo("ann");
        assertThat(added.path("detail").asText()).isEqualTo("role viewer");

        JsonNode made = LiveServer.parse(live.post("/api/v1/apikeys", "{\"user\":\"ann\",\"name\":\"sync\"}").body());
        long id = made.path("id").asLong();
        assertThat(live.delete("/api/v1/apikeys/" + id).statusCode()).isEqualTo(200);
        List<JsonNode> keys = audit("action=apikey&limit=2");
        assertThat(keys).extracting(e -> e.path("action").asText()).containsExactly("apikey.revoke", "apikey.create");
        assertThat(keys).allSatisfy(e -> {
            assertThat(e.path("target").asText()).isEqualTo("ann");
            assertThat(e.path("detail").asText()).startsWith("key " + id + " ");
            assertThat(e.path("user").asText()).isEqualTo(LiveServer.ADMIN);
        });
        assertThat(keys.get(1).path("detail").asText()).contains("viewer").doesNotContain(made.path("key").asText());
    }

    @Test
    void changesOfTheLibraryAreRecordedWithTheCallerTheAddressAndTheTarget() {
        long clip = live.idOf("trip/clip.mp4");
        String editor = live.key(Role.EDITOR);

        HttpResponse<String> edit = asKey(live, editor, "PATCH", "/api/v1/assets/" + clip, "{\"title\":\"Audited\",\"tags\":[\"a\"]}");
        assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
        JsonNode edited = audit("action=asset.edit&limit=1").get(0);
        assertThat(edited.path("user").asText()).isEqualTo("editor");
        assertThat(edited.path("target").asText()).isEqualTo("asset " + clip);
        assertThat(edited.path("detail").asText()).isEqualTo("title, tags");
        assertThat(edited.path("address").asText()).isEqualTo("127.0.0.1");

        HttpResponse<String> root = live.post("/api/v1/roots", "{\"path\":" + LiveServer.quote(live.mediaDir().toString()) + "}");
        assertThat(root.statusCode()).as(root.body()).isEqualTo(201);
        String rootScan = LiveServer.parse(root.body()).path("scanId").asText();
        JsonNode added = audit("action=root.add&limit=1").get(0);
        assertThat(added.path("user").asText()).isEqualTo(LiveServer.ADMIN);
        assertThat(added.path("target").asText()).isEqualTo("root " + live.mediaDir());
        assertThat(added.path("address").asText()).isEqualTo("127.0.0.1");
        JsonNode rootScanned = audit("action=scan.start&limit=1").get(0);
        assertThat(rootScanned.path("user").asText()).isEqualTo(LiveServer.ADMIN);
        assertThat(rootScanned.path("target").asText()).isEqualTo("scan " + rootScan);
        live.awaitScan(rootScan);

        HttpResponse<String> scan = asKey(live, editor, "POST", "/api/v1/scans", "{}");
        assertThat(scan.statusCode()).as(scan.body()).isEqualTo(202);
        String scanId = LiveServer.parse(scan.body()).path("id").asText();
        JsonNode scanned = audit("action=scan.start&limit=1").get(0);
        assertThat(scanned.path("user").asText()).isEqualTo("editor");
        assertThat(scanned.path("target").asText()).isEqualTo("scan " + scanId);
        assertThat(scanned.path("detail").asText()).isEqualTo("all roots");
        live.awaitScan(scanId);

        HttpResponse<String> motion = asKey(live, editor, "POST", "/api/v1/assets/" + clip + "/motion", "{\"peakFrames\":1}");
        assertThat(motion.statusCode()).as(motion.body()).isEqualTo(202);
        JsonNode run = audit("action=processing&limit=1").get(0);
        assertThat(run.path("action").asText()).isEqualTo("processing.motion");
        assertThat(run.path("user").asText()).isEqualTo("editor");
        assertThat(run.path("target").asText()).isEqualTo("asset " + clip);
        assertThat(run.path("detail").asText()).isEqualTo("job " + LiveServer.parse(motion.body()).path("id").asLong());

        // the command line's key acts for nobody in particular
        HttpResponse<String> batch = asKey(live, live.dam().localKey(), "PATCH", "/api/v1/batches/audio", "{\"name\":\"sounds\"}");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        JsonNode renamed = audit("action=batch.rename&limit=1").get(0);
        assertThat(renamed.path("user").isNull()).isTrue();
        assertThat(renamed.path("target").asText()).isEqualTo("batch audio");
        assertThat(renamed.path("detail").asText()).isEqualTo("to sounds");
    }

    @Test
    void aChangeThatFailsIsNotRecorded() {
        long clip = live.idOf("trip/clip.mp4");
        int entries = audit("limit=1000").size();
        assertThat(live.patch("/api/v1/assets/987654321", "{\"title\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(live.delete("/api/v1/batches/no-such-batch").statusCode()).isEqualTo(404);
        // refused by a status the route sets itself, not by an exception
        HttpResponse<String> rejected = live.post("/api/v1/assets/" + clip + "/ffmpeg",
                "{\"args\":[\"-i\",\"{{input}}\",\"-filter_script\",\"/tmp/f\",\"{{output.mp4}}\"]}");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
        assertCode(asKey(live, live.key(Role.VIEWER), "PATCH", "/api/v1/assets/" + clip, "{\"title\":\"x\"}"), 403, "forbidden");
        assertThat(audit("limit=1000")).hasSize(entries);
    }

    @Test
    void theLogFiltersByUserTimeAndAction() {
        String viewer = live.key(Role.VIEWER);
        assertThat(asKey(live, viewer, "POST", "/api/v1/apikeys", "{\"name\":\"mine\"}").statusCode()).isEqualTo(201);
        JsonNode mine = audit("user=VIEWER&limit=1").get(0);
        assertThat(mine.path("user").asText()).isEqualTo("viewer");
        assertThat(audit("user=viewer")).allSatisfy(e -> assertThat(e.path("user").asText()).isEqualTo("viewer"));
        assertThat(audit("user=nobody-at-all")).isEmpty();

        Instant at = Instant.parse(mine.path("at").asText());
        assertThat(audit("since=" + enc(at.toString()))).extracting(e -> e.path("id").asLong()).contains(mine.path("id").asLong())
                .allSatisfy(id -> assertThat(id).isGreaterThanOrEqualTo(mine.path("id").asLong()));
        assertThat(audit("since=" + enc(at.plusSeconds(3600).toString()))).isEmpty();
        assertThat(audit("since=2000-01-01&limit=5")).hasSize(5);

        assertThat(audit("action=apikey.create")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("action").asText()).isEqualTo("apikey.create"));
        assertThat(audit("action=APIKEY")).allSatisfy(e -> assertThat(e.path("action").asText()).startsWith("apikey."));
        assertThat(audit("limit=1")).hasSize(1);

        assertCode(live.get("/api/v1/audit?action=bogus"), 400, "bad_request");
        assertCode(live.get("/api/v1/audit?since=yesterday"), 422, "invalid");
        assertThat(audit("since=7d")).as("an age, as on the command line").extracting(e -> e.path("id").asLong())
                .contains(mine.path("id").asLong());
        assertThat(audit("since=1m")).as("from the minute before now").allSatisfy(e ->
                assertThat(Instant.parse(e.path("at").asText())).isAfterOrEqualTo(live.dam().clock().instant().minusSeconds(60)));
        assertCode(live.get("/api/v1/audit?limit=0"), 400, "bad_request");
        assertCode(live.get("/api/v1/audit?who=me"), 400, "bad_request");
    }

    @Test
    void onlyAnAdminReadsTheLog() {
        assertCode(asKey(live, live.key(Role.VIEWER), "GET", "/api/v1/audit", null), 403, "forbidden");
        assertCode(asKey(live, live.key(Role.EDITOR), "GET", "/api/v1/audit", null), 403, "forbidden");
        assertCode(live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/v1/audit"))), 401, "unauthorized");
        assertThat(live.getJson("/api/v1/audit").path("items").isArray()).isTrue();
    }

    private static List<JsonNode> audit(String query) {
        return LiveServer.items(live.getJson("/api/v1/audit?" + query));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
