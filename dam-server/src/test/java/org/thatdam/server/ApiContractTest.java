package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import io.javalin.http.HandlerType;
import java.lang.reflect.RecordComponent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.server.api.Schemas;

/**
 * The API keeps its contract: every JSON read answers exactly what the OpenAPI document declares
 * (checked by a JSON Schema validator against live answers on a populated library), and every
 * request body is bound strictly, with an error that names the field.
 */
class ApiContractTest {

    private static final String DOC = "https://thatdam.invalid/api/openapi.json";

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia().jobsDone(); // posters, sprites, proxies, hashes

    static JsonNode doc;
    static SchemaRegistry schemas;
    static long assetId;
    static long jobId;
    static long runId;
    static long verifyId;
    static String scanId;
    static String shareToken;
    static String uploadId;
    static long collectionId;
    static long bulkId;
    static long takeId;

    @BeforeAll
    static void populate() throws Exception {
        assetId = live.idOf("trip/clip.mp4");
        assertThat(live.post("/api/v1/assets/" + assetId + "/motion", "{\"peakFrames\":1,\"clip\":true}").statusCode()).isEqualTo(202);
        assertThat(live.post("/api/v1/assets/" + assetId + "/trim-idle", "{\"dryRun\":true}").statusCode()).isEqualTo(202);
        assertThat(live.post("/api/v1/assets/" + assetId + "/scenes", "").statusCode()).isEqualTo(202);
        HttpResponse<String> run = live.post("/api/v1/assets/" + assetId + "/ffmpeg",
                "{\"preset\":\"scale\",\"params\":{\"width\":160}}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
        runId = LiveServer.parse(run.body()).path("id").asLong();
        HttpResponse<String> root = live.post("/api/v1/roots", "{\"path\": " + LiveServer.quote(live.mediaDir().toString()) + "}");
        assertThat(root.statusCode()).as(root.body()).isEqualTo(201);
        scanId = LiveServer.parse(root.body()).path("scanId").asText();
        live.awaitScan(scanId);
        live.awaitJobsIdle();
        jobId = LiveServer.items(live.getJson("/api/v1/jobs?limit=1")).get(0).path("id").asLong();
        // a folder sealed with an ASC MHL after the scan, as an offload leaves one, and its verification
        java.nio.file.Path card = java.nio.file.Files.createDirectories(live.mediaDir().resolve("card"));
        java.nio.file.Files.writeString(card.resolve("C0001.MP4"), "clip");
        org.thatdam.storage.mhl.MhlVerifier.record(card, java.util.EnumSet.of(org.thatdam.storage.mhl.HashFormat.XXH64),
                org.thatdam.storage.mhl.MhlCreator.ours(java.util.Optional.empty()), java.time.Instant.now(),
                org.thatdam.storage.mhl.MhlVerifier.Progress.NONE);
        HttpResponse<String> verify = live.post("/api/v1/verify", "{\"path\":" + LiveServer.quote(card.toString()) + "}");
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(202);
        verifyId = LiveServer.parse(verify.body()).path("id").asLong();
        live.awaitJob(verifyId);
        // an imported card, so that the list of imports has one to check
        java.nio.file.Path offload = java.nio.file.Files.createDirectories(live.tmp().resolve("offload-card/DCIM"));
        // (the picture of trip/stills: one more location of that asset, so the library's count stays)
        java.nio.file.Files.copy(org.thatdam.media.testing.TestMedia.png(), offload.resolve("IMG_0001.PNG"));
        HttpResponse<String> imported = live.post("/api/v1/imports", "{\"source\":" + LiveServer.quote(offload.getParent().toString())
                + ",\"destinations\":[" + LiveServer.quote(live.mediaDir().resolve("offload").toString()) + "]}");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
        live.awaitJob(LiveServer.parse(imported.body()).path("id").asLong());
        // a session of the admin's, so that the list of sessions has one to check
        HttpResponse<String> login = live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + LiveServer.ADMIN + "\",\"password\":\"" + LiveServer.PASSWORD + "\"}")));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        HttpResponse<String> share = live.post("/api/v1/shares", "{\"assetId\":" + assetId + "}");
        assertThat(share.statusCode()).as(share.body()).isEqualTo(201);
        shareToken = LiveServer.parse(share.body()).path("share").path("token").asText();
        // a vocabulary term, so that suggestions have one to check
        assertThat(live.post("/api/v1/vocabulary/terms", "{\"path\":\"Places/Europe/Lisbon\",\"synonyms\":[\"Lisboa\"]}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> saved = live.post("/api/v1/saved-searches", "{\"name\":\"Clips\",\"query\":\"clip\",\"filter\":\"kind:video\"}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);

        // a collection holding the asset, with a sub-collection
        HttpResponse<String> collection = live.post("/api/v1/collections", "{\"name\":\"Trip\"}");
        assertThat(collection.statusCode()).as(collection.body()).isEqualTo(201);
        collectionId = LiveServer.parse(collection.body()).path("id").asLong();
        assertThat(live.post("/api/v1/collections", "{\"name\":\"Day 1\",\"parentId\":" + collectionId + "}").statusCode()).isEqualTo(201);
        assertThat(live.post("/api/v1/collections/" + collectionId + "/assets", "{\"assetIds\":[" + assetId + "]}").statusCode()).isEqualTo(200);
        // a custom field with a value, so that the list of fields has one to check
        HttpResponse<String> field = live.post("/api/v1/fields", "{\"name\":\"client\",\"type\":\"text\"}");
        assertThat(field.statusCode()).as(field.body()).isEqualTo(201);
        assertThat(live.patch("/api/v1/assets/" + assetId, "{\"fields\":{\"client\":\"Acme\"}}").statusCode()).isEqualTo(200);
        // a bulk edit that has run, so that its summary has one to check
        HttpResponse<String> bulk = live.post("/api/v1/assets/bulk", "{\"ids\":[" + assetId + "],\"action\":\"add-tags\",\"tags\":[\"trip\"]}");
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(202);
        bulkId = LiveServer.parse(bulk.body()).path("id").asLong();
        live.awaitJob(bulkId);

        // a finished upload (of content the library has: a duplicate), so that its result can be checked
        byte[] clip = java.nio.file.Files.readAllBytes(org.thatdam.media.testing.TestMedia.h264Mp4());
        HttpResponse<String> upload = live.send(HttpRequest.newBuilder(live.uri("/api/v1/uploads")).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Integer.toString(clip.length)).header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Metadata", "filename " + java.util.Base64.getEncoder().encodeToString("again.mp4".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(clip)));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String location = upload.headers().firstValue("Location").orElseThrow();
        uploadId = location.substring(location.lastIndexOf('/') + 1);

        // a recorded take (of the built-in test pattern), catalogued, so that takes have one to check
        HttpResponse<String> rec = live.post("/api/v1/capture/record", "{\"sources\":[\"test-1\"],\"name\":\"Contract\",\"seconds\":1}");
        assertThat(rec.statusCode()).as(rec.body()).isEqualTo(201);
        takeId = LiveServer.parse(rec.body()).path("takes").get(0).path("id").asLong();
        org.awaitility.Awaitility.await("take catalogued").atMost(java.time.Duration.ofMinutes(1)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> live.getJson("/api/v1/capture/takes/" + takeId).path("assetId").isNumber());

        String json = live.get("/api/openapi.json").body();
        doc = LiveServer.parse(json);
        // OpenAPI 3.1's dialect (JSON Schema 2020-12), strictly: no type coercion, formats asserted
        schemas = SchemaRegistry.withDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(DOC, json))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().typeLoose(false).formatAssertionsEnabled(true).build()));
    }

    @Test
    void everyJsonReadAnswersWhatTheDocumentDeclares() {
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ApiRegistry.Op op : live.server().operations()) {
            if (op.method() != HandlerType.GET || !op.contentType().equals("application/json")) continue;
            assertThat(op.response()).as("the response record of %s %s", op.method(), op.path()).isNotNull();
            String path = op.path()
                    .replace("{id}", op.path().startsWith("/api/v1/uploads") ? uploadId : Long.toString(op.path().startsWith("/api/v1/jobs") ? jobId
                            : op.path().startsWith("/api/v1/assets/bulk") ? bulkId
                            : op.path().startsWith("/api/v1/ffmpeg/runs") ? runId
                            : op.path().startsWith("/api/v1/verify") ? verifyId
                            : op.path().startsWith("/api/v1/capture/takes") ? takeId
                            : op.path().startsWith("/api/v1/collections") ? collectionId : assetId))
                    .replace("{source}", "test-1")
                    .replace("{name}", "trip")
                    .replace("{scanId}", scanId)
                    .replace("{token}", shareToken);
            assertThat(path).as("every placeholder of %s is filled", op.path()).doesNotContain("{");
            HttpResponse<String> r = live.get(path);
            // one of its success statuses (readiness may be 503 while the index opens)
            assertThat(op.successes()).as("GET %s → %s", path, r.body()).containsKey(r.statusCode());
            JsonNode schema = doc.path("paths").path(op.path()).path("get").path("responses")
                    .path(Integer.toString(r.statusCode())).path("content").path("application/json").path("schema");
            JsonNode body = LiveServer.parse(r.body());
            if (op.list()) {
                assertThat(body.isArray()).as("GET %s answers an array", path).isTrue();
                assertThat(body.size()).as("GET %s answers something to check", path).isPositive();
                for (JsonNode item : body) problems.addAll(validate(schema.path("items").path("$ref").asText(), item, path));
            } else {
                problems.addAll(validate(schema.path("$ref").asText(), body, path));
            }
            checked.add(op.path());
        }
        assertThat(problems).as("answers that do not fit the document").isEmpty();
        assertThat(checked).as("JSON reads checked").contains("/api/v1/assets/{id}", "/api/v1/jobs/{id}",
                "/api/v1/assets/{id}/derivatives", "/api/v1/scans/{scanId}", "/api/v1/ffmpeg/runs/{id}",
                "/api/v1/assets/{id}/motion", "/api/v1/assets/{id}/trim-idle", "/api/v1/assets/{id}/scenes", "/api/v1/batches/{name}", "/api/v1/shares", "/api/v1/shared/{token}", "/api/v1/uploads/{id}/result", "/api/v1/verify/{id}",
                "/api/v1/collections", "/api/v1/collections/{id}", "/api/v1/collections/{id}/assets",
                "/api/v1/capture/sources", "/api/v1/capture/sources/{source}", "/api/v1/capture/takes", "/api/v1/capture/takes/{id}",
                "/health", "/ready");
    }

    @Test
    void theValidatorRefusesAnUndeclaredFieldAWrongTypeAndAMissingField() {
        JsonNode job = live.getJson("/api/v1/jobs/" + jobId);
        assertThat(validate("#/components/schemas/JobView", job, "job")).isEmpty();
        var extra = job.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) extra).put("secret", "x");
        assertThat(validate("#/components/schemas/JobView", extra, "extra")).isNotEmpty();
        var wrong = job.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) wrong).put("attempts", "3");
        assertThat(validate("#/components/schemas/JobView", wrong, "wrong")).isNotEmpty();
        var missing = job.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) missing).remove("createdAt");
        assertThat(validate("#/components/schemas/JobView", missing, "missing")).isNotEmpty();
    }

    @Test
    void theDocumentDescribesJobTimesAndEveryAssetDetail() {
        JsonNode job = doc.path("components").path("schemas").path("JobView");
        assertThat(job.path("properties").path("createdAt").path("format").asText()).isEqualTo("date-time");
        assertThat(job.path("properties").path("finishedAt").path("type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(job.path("properties").path("state").path("enum").toString()).contains("queued", "cancelled");
        JsonNode details = doc.path("components").path("schemas").path("AssetDetailsView").path("properties");
        JsonNode asset = live.getJson("/api/v1/assets/" + assetId);
        asset.fieldNames().forEachRemaining(f -> assertThat(details.has(f)).as("field %s is declared", f).isTrue());
        assertThat(details.size()).isEqualTo(asset.size());
    }

    @Test
    void nullValuesValidateWhereTheRecordAllowsThemAndNowhereElse() {
        // an asset without GPS (a nullable record) and a scan without a report yet (nullable records and times)
        com.fasterxml.jackson.databind.node.ObjectNode asset = live.getJson("/api/v1/assets/" + assetId).deepCopy();
        asset.putNull("gps");
        assertThat(validate("#/components/schemas/AssetDetailsView", asset, "asset without gps")).isEmpty();
        asset.put("gps", "here");
        assertThat(validate("#/components/schemas/AssetDetailsView", asset, "gps of the wrong type")).isNotEmpty();
        asset.putNull("tags");
        asset.putNull("gps");
        assertThat(validate("#/components/schemas/AssetDetailsView", asset, "tags are never null")).isNotEmpty();

        com.fasterxml.jackson.databind.node.ObjectNode scan = live.getJson("/api/v1/scans/" + scanId).deepCopy();
        scan.putNull("report");
        scan.putNull("progress");
        scan.putNull("finishedAt");
        scan.putNull("error");
        assertThat(validate("#/components/schemas/ScanStatus", scan, "running scan")).isEmpty();
        scan.putNull("state");
        assertThat(validate("#/components/schemas/ScanStatus", scan, "a scan always has a state")).isNotEmpty();
        scan.put("state", "sleeping");
        assertThat(validate("#/components/schemas/ScanStatus", scan, "a state outside the enum")).isNotEmpty();
    }

    @Test
    void everyJavalinRouteIsDocumentedOrKnowinglyLeftOut() {
        java.util.Set<String> registered = new java.util.TreeSet<>();
        for (ApiRegistry.Op op : live.server().operations()) {
            registered.add(op.method() + " " + op.path());
            if (op.method() == HandlerType.GET) registered.add("HEAD " + op.path());
        }
        // not JSON API routes: the document itself, the page that shows it, the Prometheus text
        java.util.Set<String> leftOut = java.util.Set.of("GET /api/openapi.json", "HEAD /api/openapi.json", "GET /api/docs",
                "GET /metrics");
        List<String> undocumented = new ArrayList<>();
        for (var endpoint : live.server().javalin().unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
            HandlerType method = endpoint.getEndpoint().getMethod();
            if (!method.isHttpMethod()) continue; // before/after filters
            String route = method + " " + endpoint.getEndpoint().getPath();
            if (!registered.contains(route) && !leftOut.contains(route)) undocumented.add(route);
        }
        assertThat(undocumented).as("routes outside ApiRegistry").isEmpty();
        assertThat(registered).contains("GET /health", "GET /ready");
    }

    @Test
    void operationIdsAreExplicitAndUnique() {
        List<String> ids = live.server().operations().stream().map(ApiRegistry.Op::operationId).toList();
        assertThat(ids).doesNotHaveDuplicates().contains("listAssets", "getAsset", "updateAsset", "deleteAsset", "getHealth");
        ids.forEach(id -> assertThat(id).matches("[a-z][A-Za-z0-9]+"));
    }

    @Test
    void everySuccessStatusIsDocumented() {
        JsonNode roots = doc.path("paths").path("/api/v1/roots").path("post").path("responses");
        assertThat(roots.path("201").path("content").path("application/json").path("schema").path("$ref").asText())
                .endsWith("/RootAdded");
        assertThat(roots.path("200").path("content").path("application/json").path("schema").path("$ref").asText())
                .endsWith("/RootAdded");
        HttpResponse<String> again = live.post("/api/v1/roots", "{\"path\": " + LiveServer.quote(live.mediaDir().toString()) + "}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(validate("#/components/schemas/RootAdded", LiveServer.parse(again.body()), "existing root")).isEmpty();
        JsonNode proxy = doc.path("paths").path("/api/v1/assets/{id}/proxy").path("get").path("responses").path("200").path("content");
        assertThat(proxy.has("video/mp4") && proxy.has("audio/mp4")).as("proxy media types %s", proxy).isTrue();
        JsonNode ready = doc.path("paths").path("/ready").path("get").path("responses");
        assertThat(ready.has("200") && ready.has("503")).isTrue();
    }

    @Test
    void errorsAnswerTheDocumentedErrorBodies() {
        HttpResponse<String> missing = live.get("/api/v1/assets/987654321");
        assertThat(missing.statusCode()).isEqualTo(404);
        String documented = doc.path("paths").path("/api/v1/assets/{id}").path("get").path("responses").path("default")
                .path("content").path("application/json").path("schema").path("$ref").asText();
        assertThat(validate(documented, LiveServer.parse(missing.body()), "404")).isEmpty();

        HttpResponse<String> rejected = live.post("/api/v1/assets/" + assetId + "/ffmpeg",
                "{\"args\":[\"-i\",\"{{input}}\",\"-filter_script\",\"/tmp/f\",\"{{output.mp4}}\"]}");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
        assertThat(validate(documented, LiveServer.parse(rejected.body()), "rejected argument")).isEmpty();
        assertThat(LiveServer.parse(rejected.body()).path("error").path("argument").path("index").asInt()).isEqualTo(2);
        // the code is one of the documented ones
        assertThat(doc.path("components").path("schemas").path("ErrorBodyError").path("properties").path("code")
                .path("enum").toString()).contains("not_found", "method_not_allowed", "unsupported_media_type");
    }

    @Test
    void everyBodyWithAnUnknownFieldIsRefusedNamingItAndTheAllowedOnes() {
        for (ApiRegistry.Op op : bodyOps()) {
            String allowed = String.join(", ", Schemas.fieldNames(op.body()));
            JsonNode e = error(send(op, "{\"bogus\": 1}"), 400, op);
            assertThat(e.path("code").asText()).isEqualTo("bad_request");
            assertThat(e.path("message").asText()).as("%s %s", op.method(), op.path())
                    .isEqualTo("unknown field \"bogus\"; allowed: " + allowed);
        }
    }

    @Test
    void everyBodyThatIsNotAnObjectOrHasAFieldOfTheWrongTypeIsRefusedPrecisely() {
        for (ApiRegistry.Op op : bodyOps()) {
            for (String notAnObject : List.of("[]", "3", "\"text\"", "null", "{} {}", "{\"a\":")) {
                JsonNode e = error(send(op, notAnObject), 400, op);
                assertThat(e.path("code").asText()).isEqualTo("bad_request");
                assertThat(e.path("message").asText()).as("%s %s with %s", op.method(), op.path(), notAnObject)
                        .startsWith("the request body ");
            }
            RecordComponent first = op.body().getRecordComponents()[0];
            if (first.getType() == JsonNode.class) continue; // any JSON value fits: there is no wrong type
            JsonNode e = error(send(op, "{\"" + first.getName() + "\": " + wrongValue(first) + "}"), 400, op);
            assertThat(e.path("message").asText()).as("%s %s", op.method(), op.path())
                    .isEqualTo("field \"" + first.getName() + "\": expected " + Bodies.describe(first.getGenericType()));
            if (op.bodyRequired()) {
                JsonNode empty = error(send(op, ""), 400, op);
                assertThat(empty.path("message").asText()).isEqualTo("the request body must be a JSON object, and it is empty");
            }
        }
    }

    @Test
    void fieldErrorsSayWhatWasExpected() {
        String asset = "/api/v1/assets/" + assetId;
        assertThat(error(live.patch(asset, "{\"tags\": \"a\"}"), 400, null).path("message").asText())
                .isEqualTo("field \"tags\": expected an array of strings");
        assertThat(error(live.patch(asset, "{\"tags\": [\"a\", 2]}"), 400, null).path("message").asText())
                .isEqualTo("field \"tags[1]\": expected a string");
        assertThat(error(live.post(asset + "/motion", "{\"peakFrames\": 1.5}"), 400, null).path("message").asText())
                .isEqualTo("field \"peakFrames\": expected a whole number");
        assertThat(error(live.post(asset + "/motion", "{\"clip\": \"yes\"}"), 400, null).path("message").asText())
                .isEqualTo("field \"clip\": expected true or false");
        assertThat(error(live.post(asset + "/ffmpeg", "{\"preset\": \"scale\", \"params\": {\"width\": [1]}}"), 400, null)
                .path("message").asText()).isEqualTo("field \"params.width\": expected a string");
        JsonNode required = error(live.post("/api/v1/batches", "{\"name\": \"x\"}"), 422, null);
        assertThat(required.path("code").asText()).isEqualTo("invalid");
        assertThat(required.path("message").asText()).isEqualTo("field \"folder\" is required");
        live.assertStillServing();
    }

    // ------------------------------------------------------------ helpers

    private static List<String> validate(String ref, JsonNode body, String what) {
        assertThat(ref).as("a $ref for %s", what).startsWith("#/components/schemas/");
        Schema schema = schemas.getSchema(SchemaLocation.of(DOC + ref));
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(body)) out.add(what + ": " + e);
        return out;
    }

    private static List<ApiRegistry.Op> bodyOps() {
        List<ApiRegistry.Op> ops = live.server().operations().stream().filter(op -> op.body() != null).toList();
        assertThat(ops).hasSizeGreaterThanOrEqualTo(9);
        return ops;
    }

    /** Writes go to ids and names that do not exist: a body is judged before anything is looked up. */
    private static HttpResponse<String> send(ApiRegistry.Op op, String body) {
        String path = LiveServer.nowhere(op.path());
        return live.send(HttpRequest.newBuilder(live.uri(path)).header("Content-Type", "application/json")
                .method(op.method().name(), HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode error(HttpResponse<String> r, int status, ApiRegistry.Op op) {
        String what = op == null ? "" : op.method().name().toLowerCase(Locale.ROOT) + " " + op.path();
        return LiveServer.assertJsonError(what, r, status);
    }

    /** A JSON value that does not fit the component's type. */
    private static String wrongValue(RecordComponent c) {
        Class<?> t = c.getType();
        return t == String.class ? "5" : t == Boolean.class || t == boolean.class ? "\"yes\"" : "\"text\"";
    }
}
