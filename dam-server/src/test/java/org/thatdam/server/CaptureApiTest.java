package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.media.capture.MjpegParts;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Role;

/**
 * Live capture through a real server and the built-in test pattern (a real ffmpeg at real time): the
 * sources' JSON, the MJPEG preview read part by part and decoded, ten viewers sharing one ffmpeg, a
 * recording through the API that lands in the library, record and stop over the event stream, roles,
 * bad bodies, and a network source's password that is never shown back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaptureApiTest {

    private static final String PREVIEW = "/api/v1/capture/sources/test-1/preview.mjpeg";
    private static final Duration LONG = Duration.ofSeconds(60);

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of("short.mp4", TestMedia::shortClip))
            .config(ConfigKey.CAPTURE_PREVIEW_WIDTH, "320");

    @Test
    @Order(1)
    void sourcesListTheTestPatternAndTheEncoder() {
        JsonNode all = live.getJson("/api/v1/capture/sources");
        assertThat(all.path("encoder").asText()).isNotBlank();
        assertThat(all.path("audio").isArray()).isTrue();
        JsonNode test = source(all, "test-1");
        assertThat(test.path("kind").asText()).isEqualTo("test");
        assertThat(test.path("available").asBoolean()).isTrue();
        assertThat(test.path("viewers").asInt()).isZero();
        assertThat(live.getJson("/api/v1/capture/sources/test-1").path("id").asText()).isEqualTo("test-1");
        LiveServer.assertJsonError("unknown source", live.get("/api/v1/capture/sources/no-such-source"), 404);
    }

    @Test
    @Order(2)
    void previewIsAStreamOfJpegPartsThatEndsWhenTheClientGoes() throws Exception {
        HttpResponse<InputStream> r = openPreview(PREVIEW, Role.VIEWER);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("multipart/x-mixed-replace; boundary=frame");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        try (InputStream body = r.body()) {
            MjpegParts parts = new MjpegParts(body, "frame");
            for (int i = 0; i < 5; i++) {
                byte[] jpeg = parts.next();
                assertThat(jpeg).as("part %d", i).isNotNull();
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
                assertThat(img).as("part %d decodes as a JPEG", i).isNotNull();
                assertThat(img.getWidth()).isEqualTo(320);
            }
            assertThat(live.getJson("/api/v1/capture/sources/test-1").path("viewers").asInt()).isEqualTo(1);
        }
        // the server notices at its next write that nobody reads, and lets the viewer go
        await("the preview ends").atMost(LONG).until(() -> live.server().previews().openStreams() == 0);
        await("the viewer is no longer counted").atMost(LONG)
                .until(() -> live.getJson("/api/v1/capture/sources/test-1").path("viewers").asInt() == 0);

        // a still, and the preview's refusals
        HttpResponse<byte[]> still = live.getBytes("/api/v1/capture/sources/test-1/frame.jpg");
        assertThat(still.statusCode()).isEqualTo(200);
        assertThat(still.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("image/jpeg"));
        assertThat(ImageIO.read(new ByteArrayInputStream(still.body())).getWidth()).isEqualTo(320);
        LiveServer.assertJsonError("fps 0", live.get(PREVIEW + "?fps=0"), 400);
        LiveServer.assertJsonError("fps 61", live.get(PREVIEW + "?fps=61"), 400);
        LiveServer.assertJsonError("preview of an unknown source", live.get("/api/v1/capture/sources/nope/preview.mjpeg"), 404);
        LiveServer.assertJsonError("not a file of the HLS preview", live.get("/api/v1/capture/sources/test-1/hls/run.sh"), 404);
        HttpResponse<String> head = live.send(HttpRequest.newBuilder(live.uri(PREVIEW)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("multipart/x-mixed-replace; boundary=frame");
    }

    @Test
    @Order(3)
    void tenViewersShareOneFfmpeg() throws Exception {
        long before = testPatternProcesses();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<InputStream> streams = new ArrayList<>();
        try {
            List<Future<InputStream>> opened = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                opened.add(pool.submit((Callable<InputStream>) () -> {
                    HttpResponse<InputStream> r = openPreview(PREVIEW + "?fps=5", Role.VIEWER);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(new MjpegParts(r.body(), "frame").next()).isNotNull();
                    return r.body();
                }));
            }
            for (Future<InputStream> f : opened) streams.add(f.get(60, TimeUnit.SECONDS));
            assertThat(live.getJson("/api/v1/capture/sources/test-1").path("viewers").asInt()).isEqualTo(10);
            assertThat(live.server().previews().openStreams()).isEqualTo(10);
            // every viewer reads its own stream, all of them from the one ffmpeg reading the source
            assertThat(testPatternProcesses() - before).as("test-pattern ffmpegs started for ten viewers").isLessThanOrEqualTo(1);
            assertThat(testPatternProcesses()).isGreaterThanOrEqualTo(1);
        } finally {
            for (InputStream s : streams) s.close();
            pool.shutdownNow();
        }
        await("all ten previews end").atMost(LONG).until(() -> live.server().previews().openStreams() == 0);
    }

    @Test
    @Order(4)
    void aTakeRecordedThroughTheApiIsCatalogued() {
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri("/api/v1/capture/record"))
                .header("Authorization", "Bearer " + live.key(Role.EDITOR)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sources\":[\"test-1\"],\"name\":\"Harbour take\",\"seconds\":3}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode take = LiveServer.parse(r.body()).path("takes").get(0);
        long id = take.path("id").asLong();
        assertThat(take.path("source").asText()).isEqualTo("test-1");
        assertThat(take.path("state").asText()).isEqualTo("recording");
        assertThat(take.path("operator").asText()).contains("editor");

        JsonNode done = await("take " + id + " catalogued").atMost(LONG).pollInterval(Duration.ofMillis(100))
                .until(() -> live.getJson("/api/v1/capture/takes/" + id), t -> t.path("assetId").isNumber());
        assertThat(done.path("state").asText()).isEqualTo("finished");
        assertThat(done.path("durationSeconds").asDouble()).isPositive();
        assertThat(done.path("startTimecode").asText()).matches("\\d\\d:\\d\\d:\\d\\d[:;]\\d\\d");
        assertThat(done.path("bytes").asLong()).isPositive();
        List<Long> listed = new ArrayList<>();
        live.getJson("/api/v1/capture/takes?limit=5").path("takes").forEach(t -> listed.add(t.path("id").asLong()));
        assertThat(listed).contains(id);
        JsonNode asset = live.getJson("/api/v1/assets/" + done.path("assetId").asLong());
        assertThat(asset.toString()).contains("Harbour take");
    }

    @Test
    @Order(5)
    void recordAndStopOverTheEventStream() throws Exception {
        try (EventClient ws = EventClient.withKey(live, live.key(Role.EDITOR))) {
            ws.await("hello", m -> m.path("type").asText().equals("hello"), LONG);
            // not understood: an error, and the stream stays open
            ws.socket.sendText("{not json", true).get(10, TimeUnit.SECONDS);
            ws.await("error for bad JSON", m -> m.path("type").asText().equals("error") && m.path("code").asText().equals("bad_request"), LONG);
            ws.socket.sendText("{\"type\":\"capture.launch\"}", true).get(10, TimeUnit.SECONDS);
            ws.await("error for an unknown type", m -> m.path("message").asText().contains("capture.launch"), LONG);
            ws.socket.sendText("{\"type\":\"capture.record\",\"sources\":[\"test-1\"],\"name\":\"" + "x".repeat(20_000) + "\"}", true)
                    .get(10, TimeUnit.SECONDS);
            ws.await("error for an oversized message", m -> m.path("code").asText().equals("too_large"), LONG);
            ws.socket.sendText("{\"type\":\"capture.record\",\"sources\":[\"test-1\"],\"seconds\":\"5\"}", true).get(10, TimeUnit.SECONDS);
            ws.await("error for a wrong field type", m -> m.path("message").asText().contains("seconds"), LONG);
            assertThat(ws.closed()).isFalse();

            ws.socket.sendText("{\"type\":\"capture.record\",\"sources\":[\"test-1\"],\"name\":\"Socket take\"}", true)
                    .get(10, TimeUnit.SECONDS);
            JsonNode ack = ws.await("capture.ack of the recording", m -> m.path("type").asText().equals("capture.ack"), LONG);
            long id = ack.path("takes").get(0).path("id").asLong();
            assertThat(ack.path("takes").get(0).path("name").asText()).isEqualTo("Socket take");
            ws.await("recording.started", m -> m.path("type").asText().equals("recording.started")
                    && m.path("take").path("id").asLong() == id, LONG);
            ws.await("recording.progress", m -> m.path("type").asText().equals("recording.progress") && m.path("takeId").asLong() == id
                    && m.path("durationSeconds").asDouble() > 0, LONG);

            ws.socket.sendText("{\"type\":\"capture.stop\",\"sources\":[\"test-1\"]}", true).get(10, TimeUnit.SECONDS);
            ws.awaitCount(m -> m.path("type").asText().equals("capture.ack"), 2, LONG);
            JsonNode stopped = ws.await("recording.stopped", m -> m.path("type").asText().equals("recording.stopped")
                    && m.path("take").path("id").asLong() == id, LONG);
            assertThat(stopped.path("reason").asText()).isEqualTo("stopped");
            await("take " + id + " catalogued").atMost(LONG).pollInterval(Duration.ofMillis(100))
                    .until(() -> live.getJson("/api/v1/capture/takes/" + id).path("assetId").isNumber());
        }
    }

    @Test
    @Order(6)
    void aViewerCannotRecordNorAddSources() throws Exception {
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri("/api/v1/capture/record"))
                .header("Authorization", "Bearer " + live.key(Role.VIEWER)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sources\":[\"test-1\"],\"name\":\"x\"}")));
        LiveServer.assertJsonError("viewer records", r, 403);
        HttpResponse<String> add = live.send(HttpRequest.newBuilder(live.uri("/api/v1/capture/sources"))
                .header("Authorization", "Bearer " + live.key(Role.EDITOR)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Cam\",\"url\":\"rtsp://127.0.0.1:9/x\"}")));
        LiveServer.assertJsonError("editor adds a source", add, 403);
        try (EventClient ws = EventClient.withKey(live, live.key(Role.VIEWER))) {
            ws.socket.sendText("{\"type\":\"capture.record\",\"sources\":[\"test-1\"]}", true).get(10, TimeUnit.SECONDS);
            JsonNode error = ws.await("forbidden", m -> m.path("type").asText().equals("error"), LONG);
            assertThat(error.path("code").asText()).isEqualTo("forbidden");
            assertThat(ws.closed()).isFalse();
        }
        assertThat(live.getJson("/api/v1/capture/sources/test-1").path("state").asText()).isNotEqualTo("recording");
    }

    @Test
    @Order(7)
    void badBodiesAreRefusedBeforeAnySourceIsTouched() {
        LiveServer.assertJsonError("sources as text", live.post("/api/v1/capture/record", "{\"sources\":\"test-1\"}"), 400);
        LiveServer.assertJsonError("no sources", live.post("/api/v1/capture/record", "{\"sources\":[]}"), 422);
        LiveServer.assertJsonError("sources left out", live.post("/api/v1/capture/record", "{\"name\":\"x\"}"), 422);
        LiveServer.assertJsonError("zero seconds", live.post("/api/v1/capture/record", "{\"sources\":[\"test-1\"],\"seconds\":0}"), 422);
        LiveServer.assertJsonError("unknown field", live.post("/api/v1/capture/record", "{\"sources\":[\"test-1\"],\"secs\":1}"), 400);
        LiveServer.assertJsonError("not JSON", live.post("/api/v1/capture/record", "{\"sources\":["), 400);
        LiveServer.assertJsonError("too many sources", live.post("/api/v1/capture/record",
                "{\"sources\":[" + String.join(",", java.util.Collections.nCopies(17, "\"test-1\"")) + "]}"), 422);
        LiveServer.assertJsonError("unknown source", live.post("/api/v1/capture/record", "{\"sources\":[\"no-such-source\"],\"name\":\"x\"}"), 404);
        LiveServer.assertJsonError("bad rate", send("PUT", "/api/v1/capture/sources/test-1/settings", "{\"rate\":\"fast\"}"), 422);
        LiveServer.assertJsonError("stop with takes as text", live.post("/api/v1/capture/stop", "{\"takes\":\"1\"}"), 400);
        assertThat(live.getJson("/api/v1/capture/sources/test-1").path("state").asText()).isNotEqualTo("recording");
    }

    @Test
    @Order(8)
    void aNetworkSourcesPasswordIsNeverShownBack() throws Exception {
        String secret = "pw-S3cret-771";
        String inline = "pw-Inline-882";
        try (EventClient ws = EventClient.withKey(live, live.key(Role.ADMIN))) {
            HttpResponse<String> added = live.post("/api/v1/capture/sources",
                    "{\"name\":\"Gate camera\",\"url\":\"rtsp://127.0.0.1:9/stream\",\"transport\":\"tcp\",\"username\":\"op\",\"password\":\"" + secret + "\"}");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            HttpResponse<String> second = live.post("/api/v1/capture/sources",
                    "{\"name\":\"Dock camera\",\"url\":\"rtsp://op:" + inline + "@127.0.0.1:9/dock\"}");
            assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
            String id = LiveServer.parse(added.body()).path("id").asText();
            String id2 = LiveServer.parse(second.body()).path("id").asText();
            ws.await("capture.sources", m -> m.path("type").asText().equals("capture.sources"), LONG);

            List<String> bodies = new ArrayList<>(List.of(added.body(), second.body(), live.get("/api/v1/capture/sources").body(),
                    live.get("/api/v1/capture/sources/" + id).body(), live.get("/api/v1/capture/sources/" + id2).body(),
                    live.get("/api/openapi.json").body()));
            HttpResponse<String> configured = send("PUT", "/api/v1/capture/sources/" + id + "/settings", "{\"transport\":\"udp\"}");
            bodies.add(configured.body());
            for (String b : bodies) assertThat(b).doesNotContain(secret).doesNotContain(inline);
            assertThat(LiveServer.parse(second.body()).path("address").asText()).doesNotContain("op:");

            assertThat(live.delete("/api/v1/capture/sources/" + id).statusCode()).isEqualTo(204);
            assertThat(live.delete("/api/v1/capture/sources/" + id2).statusCode()).isEqualTo(204);
            LiveServer.assertJsonError("removed", live.get("/api/v1/capture/sources/" + id), 404);
            LiveServer.assertJsonError("the test pattern cannot be removed", live.delete("/api/v1/capture/sources/test-1"), 0);
            for (JsonNode m : ws.messages()) assertThat(m.toString()).doesNotContain(secret).doesNotContain(inline);
        }
    }

    @Test
    @Order(9)
    void previewsEndWhenTheServerStops() throws Exception {
        HttpResponse<InputStream> r = openPreview(PREVIEW, Role.VIEWER);
        try (InputStream body = r.body()) {
            MjpegParts parts = new MjpegParts(body, "frame");
            assertThat(parts.next()).isNotNull();
            live.server().previews().close();
            // what was on its way still arrives, then the stream ends properly
            byte[] part;
            do {
                part = parts.next();
            } while (part != null);
        }
        assertThat(live.server().previews().openStreams()).isZero();
    }

    // ------------------------------------------------------------ helpers

    private static HttpResponse<InputStream> openPreview(String path, Role role) throws IOException, InterruptedException {
        return live.http().send(HttpRequest.newBuilder(live.uri(path)).header("Authorization", "Bearer " + live.key(role)).GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static HttpResponse<String> send(String method, String path, String json) {
        return live.send(HttpRequest.newBuilder(live.uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    private static JsonNode source(JsonNode all, String id) {
        for (JsonNode s : all.path("sources")) if (s.path("id").asText().equals(id)) return s;
        throw new AssertionError("no source " + id + " in " + all);
    }

    /** ffmpegs of this JVM reading a test pattern (their command lines read from /proc: ProcessHandle may not show them). */
    private static long testPatternProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> {
            try {
                String cmd = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                        java.nio.charset.StandardCharsets.UTF_8);
                return cmd.contains("testsrc2") && !cmd.startsWith("/bin/sh");
            } catch (IOException e) {
                return false; // ended meanwhile
            }
        }).count();
    }
}
