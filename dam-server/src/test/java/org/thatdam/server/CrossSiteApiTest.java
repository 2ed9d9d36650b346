package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a web page in the user's browser could send to the server on loopback: cross-origin writes,
 * {@code text/plain} bodies (no CORS preflight) and DNS-rebinding host names are refused, while the
 * dashboard (same origin) and the CLI (no Origin) keep working.
 */
class CrossSiteApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    private String self() {
        return "http://127.0.0.1:" + live.port();
    }

    private HttpResponse<String> postFrom(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(live.uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return live.send(b);
    }

    private int rootCount() {
        return live.getJson("/api/v1/roots").size();
    }

    @Test
    void aForeignOriginCannotChangeTheLibrary() throws Exception {
        Path folder = Files.createDirectories(live.tmp().resolve("elsewhere"));
        int roots = rootCount();
        String addRoot = "{\"path\":" + LiveServer.quote(folder.toString()) + "}";
        for (String origin : new String[] {"http://evil.example", "http://127.0.0.1:1", "http://localhost:" + live.port(), "null"}) {
            JsonNode error = LiveServer.assertJsonError("POST from " + origin,
                    postFrom("/api/v1/roots", "application/json", addRoot, "Origin", origin), 403);
            assertThat(error.path("code").asText()).isEqualTo("cross_origin");
        }
        JsonNode fetchMeta = LiveServer.assertJsonError("Sec-Fetch-Site: cross-site",
                postFrom("/api/v1/prune", "application/json", "{\"dryRun\":false,\"purge\":true}", "Sec-Fetch-Site", "cross-site"), 403);
        assertThat(fetchMeta.path("code").asText()).isEqualTo("cross_origin");
        HttpResponse<String> delete = live.send(HttpRequest.newBuilder(live.uri("/api/v1/roots/1"))
                .header("Origin", "http://evil.example").DELETE());
        LiveServer.assertJsonError("DELETE from a foreign origin", delete, 403);
        assertThat(rootCount()).as("roots after refused requests").isEqualTo(roots);
        // Reading stays open to every origin's GET (the browser's CORS rules keep the answer from it).
        assertThat(live.send(HttpRequest.newBuilder(live.uri("/api/v1/stats")).header("Origin", "http://evil.example").GET())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aPlainTextBodyIsRefused() {
        for (String type : new String[] {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            JsonNode error = LiveServer.assertJsonError(type + " body",
                    postFrom("/api/v1/prune", type, "{\"dryRun\":false,\"purge\":true}"), 415);
            assertThat(error.path("code").asText()).isEqualTo("unsupported_media_type");
        }
        LiveServer.RawResponse noType = live.raw("POST /api/v1/prune HTTP/1.1", "{\"dryRun\":true}".getBytes(StandardCharsets.UTF_8));
        assertThat(LiveServer.assertJsonError("a body without a type", noType, 415).path("code").asText())
                .isEqualTo("unsupported_media_type");
        assertThat(live.getJson("/api/v1/assets?limit=1").path("total").asLong()).isEqualTo(LiveServer.LAYOUT.size());
    }

    @Test
    void aRebindingHostIsRefusedOnLoopback() {
        for (String host : new String[] {"evil.example:" + live.port(), "evil.example", "127.0.0.1.evil.example", "localhost.evil.example"}) {
            for (String request : new String[] {"GET /api/v1/assets HTTP/1.1", "GET / HTTP/1.1", "GET /health HTTP/1.1"}) {
                LiveServer.RawResponse r = live.raw(request, new byte[0], host);
                JsonNode error = LiveServer.assertJsonError(request + " Host " + host, r, 421);
                assertThat(error.path("code").asText()).isEqualTo("bad_host");
            }
        }
        for (String host : new String[] {"127.0.0.1:" + live.port(), "localhost:" + live.port(), "[::1]:" + live.port(), "LOCALHOST"}) {
            assertThat(live.raw("GET /api/v1/assets?limit=1 HTTP/1.1", new byte[0], host).status()).as("Host " + host).isEqualTo(200);
        }
    }

    @Test
    void theDashboardAndTheCliStillWork() {
        // The dashboard: same origin, JSON body, as lib/api.js sends it.
        HttpResponse<String> dashboard = postFrom("/api/v1/prune", "application/json", "{\"dryRun\":true}",
                "Origin", self(), "Sec-Fetch-Site", "same-origin");
        assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(200);
        HttpResponse<String> utf8 = postFrom("/api/v1/prune", "application/json; charset=utf-8", "{\"dryRun\":true}",
                "Origin", "http://localhost:" + live.port());
        assertThat(utf8.statusCode()).as("same host under another loopback name is another origin: " + utf8.body()).isEqualTo(403);
        // The CLI: no Origin, no body (dam reindex) or a JSON body.
        HttpResponse<String> reindex = live.send(HttpRequest.newBuilder(live.uri("/api/v1/reindex")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(reindex.statusCode()).as(reindex.body()).isEqualTo(200);
        assertThat(live.post("/api/v1/prune", "{\"dryRun\":true}").statusCode()).isEqualTo(200);
    }

    @Test
    void theEventStreamRefusesAForeignOrigin() throws Exception {
        assertThatThrownBy(() -> open("http://evil.example"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        WebSocket same = open(self());
        same.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void theEventStreamRefusesAForeignHost() throws Exception {
        assertThat(upgradeStatusLine("evil.example:" + live.port())).startsWith("HTTP/1.1 421");
        assertThat(upgradeStatusLine("127.0.0.1:" + live.port())).startsWith("HTTP/1.1 101");
    }

    /** The first line of the answer to a WebSocket upgrade sent with {@code host} (the HTTP client will not send another Host). */
    private String upgradeStatusLine(String host) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", live.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade"
                    + "\r\nAuthorization: Bearer " + live.key(org.thatdam.model.Role.VIEWER) + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
        }
    }

    private WebSocket open(String origin) throws Exception {
        return live.webSocket().header("Origin", origin)
                .buildAsync(URI.create("ws://127.0.0.1:" + live.port() + "/api/v1/events"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
    }
}
