package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route that states an audit action, called once on a real library (its job engine started
 * only where a finished job is needed): each call leaves exactly one entry of that action, naming
 * the caller and their address, and no audited route is left uncalled.
 */
class AuditEveryChangeApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    private final Set<String> called = new LinkedHashSet<>();

    @Test
    void everyAuditedRouteWritesItsEntryOnce() throws Exception {
        long clip = live.idOf("trip/clip.mp4");
        String media = LiveServer.quote(live.mediaDir().toString());

        JsonNode root = LiveServer.parse(call("addRoot", () -> live.post("/api/v1/roots", "{\"path\":" + media + "}")).body());
        live.awaitScan(root.path("scanId").asText());
        live.awaitScan(LiveServer.parse(call("startScan", () -> live.post("/api/v1/scans", "{}")).body()).path("id").asText());
        String trip = LiveServer.quote(live.mediaDir().resolve("trip").toString());
        call("createBatch", () -> live.post("/api/v1/batches", "{\"folder\":" + trip + ",\"name\":\"holiday\"}"));
        call("renameBatch", () -> live.patch("/api/v1/batches/holiday", "{\"name\":\"holidays\"}"));
        call("deleteBatch", () -> live.delete("/api/v1/batches/holidays"));
        call("createField", () -> live.post("/api/v1/fields", "{\"name\":\"client\",\"type\":\"text\"}"));
        call("editField", () -> live.patch("/api/v1/fields/client", "{\"label\":\"Client\"}"));
        call("deleteField", () -> live.delete("/api/v1/fields/client"));

        long term = LiveServer.parse(call("addTerm", () -> live.post("/api/v1/vocabulary/terms", "{\"path\":\"Places/Lisbon\"}")).body())
                .path("id").asLong();
        call("updateTerm", () -> live.patch("/api/v1/vocabulary/terms/" + term, "{\"description\":\"Audited\"}"));
        assertThat(live.post("/api/v1/vocabulary/terms", "{\"path\":\"Places/Lisboa\"}").statusCode()).isEqualTo(201);
        call("mergeTerms", () -> live.post("/api/v1/vocabulary/merge", "{\"from\":\"Places/Lisboa\",\"into\":\"Places/Lisbon\"}"));
        call("importVocabulary", () -> live.post("/api/v1/vocabulary/import",
                "{\"format\":\"csv\",\"content\":\"path,synonyms,description\\nPlaces/Porto,,\\n\",\"apply\":true}"));
        call("setVocabularySettings", () -> live.send(HttpRequest.newBuilder(live.uri("/api/v1/vocabulary/settings"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"restricted\":false}"))));
        call("deleteTerm", () -> live.delete("/api/v1/vocabulary/terms/" + term));

        long film = LiveServer.parse(call("createCollection", () -> live.post("/api/v1/collections", "{\"name\":\"Film\"}")).body())
                .path("id").asLong();
        long day = LiveServer.parse(live.post("/api/v1/collections", "{\"name\":\"Day\"}").body()).path("id").asLong();
        call("updateCollection", () -> live.patch("/api/v1/collections/" + film, "{\"description\":\"Audited\"}"));
        call("addCollectionAssets", () -> live.post("/api/v1/collections/" + film + "/assets", "{\"assetIds\":[" + clip + "]}"));
        call("orderCollection", () -> live.send(HttpRequest.newBuilder(live.uri("/api/v1/collections/" + film + "/order"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"assets\":[" + clip + "]}"))));
        call("removeCollectionAssets", () -> live.post("/api/v1/collections/" + film + "/assets/remove", "{\"assetIds\":[" + clip + "]}"));
        call("moveCollection", () -> live.post("/api/v1/collections/" + day + "/move", "{\"parentId\":" + film + "}"));
        call("deleteCollection", () -> live.delete("/api/v1/collections/" + film + "?recursive=true"));

        call("updateAsset", () -> live.patch("/api/v1/assets/" + clip, "{\"title\":\"Audited\"}"));
        call("writeAssetXmp", () -> live.post("/api/v1/assets/" + clip + "/xmp/write", ""));
        call("bulkAssets", () -> live.post("/api/v1/assets/bulk", "{\"ids\":[" + clip + "],\"action\":\"add-tags\",\"tags\":[\"audited\"]}"));
        call("regenerateDerivative", () -> live.post("/api/v1/assets/" + clip + "/regenerate?kind=poster", ""));
        long motion = LiveServer.parse(call("requestMotion", () -> live.post("/api/v1/assets/" + clip + "/motion", "{}")).body())
                .path("id").asLong();
        // nothing runs jobs yet: the job is still queued and can be cancelled, then retried
        call("cancelJob", () -> live.post("/api/v1/jobs/" + motion + "/cancel", ""));
        call("retryJob", () -> live.post("/api/v1/jobs/" + motion + "/retry", ""));
        call("requestIdleTrim", () -> live.post("/api/v1/assets/" + clip + "/trim-idle", "{\"dryRun\":true}"));
        call("requestVerify", () -> live.post("/api/v1/verify", "{\"path\":" + trip + "}"));
        String card = LiveServer.quote(java.nio.file.Files.createDirectories(live.tmp().resolve("card")).toString());
        String into = LiveServer.quote(live.mediaDir().resolve("imported").toString());
        call("startImport", () -> live.post("/api/v1/imports", "{\"source\":" + card + ",\"destinations\":[" + into + "]}"));
        long run = LiveServer.parse(call("runFfmpeg", () -> live.post("/api/v1/assets/" + clip + "/ffmpeg",
                "{\"args\":[\"-i\",\"{{input}}\",\"-t\",\"1\",\"{{output.mp4}}\"]}")).body()).path("id").asLong();
        call("cancelFfmpegRun", () -> live.post("/api/v1/ffmpeg/runs/" + run + "/cancel", ""));

        // the motion analysis, made here, leaves an output that may be deleted
        assertThat(live.dam().jobs().runUntilDone(motion, j -> { }).state().id()).isEqualTo("done");
        call("deleteDerivative", () -> live.delete("/api/v1/assets/" + clip + "/derivatives/motion"));
        // the clip and the AVI are the same generated video: once fingerprinted, keeping one forgets the other
        live.analyse(org.thatdam.core.jobs.JobKind.FINGERPRINT, clip, live.idOf("old/legacy.avi"));
        call("analyseScenes", () -> live.post("/api/v1/assets/" + clip + "/scenes", ""));
        call("keepDuplicate", () -> live.post("/api/v1/duplicates/keep",
                "{\"keep\":" + clip + ",\"forget\":[" + live.idOf("old/legacy.avi") + "]}"));
        call("pauseJobs", () -> live.post("/api/v1/jobs/pause", ""));
        call("resumeJobs", () -> live.post("/api/v1/jobs/resume", ""));
        call("clearJobs", () -> live.post("/api/v1/jobs/clear?which=finished", ""));

        HttpResponse<String> upload = live.send(HttpRequest.newBuilder(live.uri(TusRoutes.PATH))
                .header("Tus-Resumable", TusRoutes.VERSION).header("Upload-Length", "10")
                .header("Upload-Metadata", "filename " + java.util.Base64.getEncoder().encodeToString("audited.mp4".getBytes()))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String location = upload.headers().firstValue("Location").orElseThrow();
        call("cancelUpload", () -> live.send(HttpRequest.newBuilder(live.uri(location))
                .header("Tus-Resumable", TusRoutes.VERSION).DELETE()));
        String camera = LiveServer.parse(call("addCaptureSource", () -> live.post("/api/v1/capture/sources",
                "{\"name\":\"Gate\",\"url\":\"http://127.0.0.1:9/cam.ts\"}")).body()).path("id").asText();
        call("configureCaptureSource", () -> live.send(HttpRequest.newBuilder(live.uri("/api/v1/capture/sources/test-1/settings"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"width\":640,\"height\":360}"))));
        call("removeCaptureSource", () -> live.delete("/api/v1/capture/sources/" + camera));
        call("recordCapture", () -> live.post("/api/v1/capture/record", "{\"sources\":[\"test-1\"],\"name\":\"Audited take\"}"));
        call("stopCapture", () -> live.post("/api/v1/capture/stop", "{}"));
        call("startBackup", () -> live.post("/api/v1/backups", "{\"to\":" + LiveServer.quote(live.tmp().resolve("backups").toString()) + "}"));
        call("prune", () -> live.post("/api/v1/prune", "{\"dryRun\":false}"));
        call("reindex", () -> live.post("/api/v1/reindex", ""));
        call("deleteAsset", () -> live.delete("/api/v1/assets/" + live.idOf("trip/tone.mp3")));
        call("removeRoot", () -> live.delete("/api/v1/roots/" + root.path("id").asLong()));

        assertThat(called).as("every audited route is called here").containsExactlyInAnyOrderElementsOf(
                live.server().operations().stream().filter(op -> op.audit() != null).map(ApiRegistry.Op::operationId).toList());
    }

    /** Calls the route {@code operationId} with the admin's key; it succeeds and leaves exactly one entry of its action. */
    private HttpResponse<String> call(String operationId, Supplier<HttpResponse<String>> request) {
        ApiRegistry.Op op = live.server().operations().stream().filter(o -> o.operationId().equals(operationId)).findFirst()
                .orElseThrow();
        long before = newestId();
        HttpResponse<String> r = request.get();
        assertThat(r.statusCode()).as("%s: %s", operationId, r.body()).isBetween(200, 299);
        List<JsonNode> made = LiveServer.items(live.getJson("/api/v1/audit?limit=100")).stream()
                .filter(e -> e.path("id").asLong() > before && e.path("action").asText().equals(op.audit().id())).toList();
        assertThat(made).as("%s writes one %s entry", operationId, op.audit().id()).hasSize(1);
        assertThat(made.get(0).path("user").asText()).isEqualTo(LiveServer.ADMIN);
        assertThat(made.get(0).path("address").asText()).isEqualTo("127.0.0.1");
        called.add(operationId);
        return r;
    }

    private static long newestId() {
        List<JsonNode> newest = LiveServer.items(live.getJson("/api/v1/audit?limit=1"));
        return newest.isEmpty() ? 0 : newest.get(0).path("id").asLong();
    }
}
