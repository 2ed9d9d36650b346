package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.model.Actor;

/**
 * The HTTP layer against hostile clients: bodies of unknown length past the limit, method
 * overrides, HEAD, extreme byte ranges, and originals swapped for symbolic links. A real server
 * that serves originals, with derivatives made by the real job engine.
 */
class HttpHardeningApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia().config(ConfigKey.SERVER_ORIGINALS, "true").jobsDone();

    @BeforeAll
    static void start() throws Exception {
        live.dam().roots().addRoot(live.mediaDir(), Actor.commandLine()); // originals are only served from inside a root
    }

    @AfterEach
    void serverStillServes() {
        // (assets are added by some tests: only health and a listing are checked)
        assertThat(live.getJson("/health").path("status").asText()).isEqualTo("ok");
        assertThat(live.getJson("/api/v1/assets?limit=1").path("total").asLong()).isGreaterThanOrEqualTo(LiveServer.LAYOUT.size());
    }

    // ------------------------------------------------------------ bodies of unknown length

    @Test
    void chunkedBodyOverTheLimitIsRefusedForEveryRoute() throws Exception {
        for (String target : List.of("POST /api/v1/scans", "POST /api/v1/prune", "PATCH /api/v1/assets/1", "GET /health",
                "POST /nope")) {
            LiveServer.RawResponse r = chunked(target, 4 * 1024 * 1024);
            JsonNode error = LiveServer.assertJsonError("chunked 4 MB to " + target, r, 413);
            assertThat(error.path("code").asText()).isEqualTo("too_large");
            assertThat(r.header("Connection")).as("connection closed after the 413 of %s", target).isEqualToIgnoringCase("close");
        }
    }

    @Test
    void chunkedBodyUnderTheLimitIsRead() {
        String json = "{\"dryRun\":true}";
        String chunk = Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
        LiveServer.RawResponse r = live.rawFraming("POST /api/v1/prune HTTP/1.1\r\nContent-Type: application/json"
                + "\r\nTransfer-Encoding: chunked", chunk.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(LiveServer.parse(r.body()).path("dryRun").asBoolean()).as(r.body()).isTrue();
    }

    /** A body that never ends: answered 413 and cut off, the client's writes then fail long before the bound. */
    @Test
    void endlessChunkedBodyIsCutOff() throws Exception {
        long bound = 16L * 1024 * 1024 * 1024;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", live.port()), 5000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
                byte[] data = new byte[64 * 1024];
                java.util.Arrays.fill(data, (byte) ' ');
                byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                try {
                    while (sent.get() < bound) {
                        out.write(head);
                        out.write(data);
                        out.write(new byte[] {'\r', '\n'});
                        sent.addAndGet(data.length);
                    }
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            String head = readHead(s.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 413");
            Throwable stopped = writer.get(60, TimeUnit.SECONDS);
            assertThat(stopped).as("the server closed the connection (sent %d bytes)", sent.get()).isNotNull();
            assertThat(sent.get()).isLessThan(bound);
            System.out.printf("endless chunked body: %d MB sent before the server closed the connection%n", sent.get() >> 20);
        }
    }

    @Test
    void webSocketMessagesOverTheLimitCloseTheStream() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = live.webSocket().buildAsync(URI.create("ws://127.0.0.1:" + live.port() + "/api/v1/events"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.complete(-1);
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.request(Long.MAX_VALUE);
        // 2 MB in fragments: the message as a whole is over the limit even when no single frame is.
        String piece = "x".repeat(8 * 1024);
        try {
            for (int i = 0; i < 256 && !closed.isDone(); i++) {
                ws.sendText(piece, false).get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // the server closed the socket while we were still sending
        }
        assertThat(closed.get(20, TimeUnit.SECONDS)).as("close code").isIn(1009, -1);
        ws.abort();
    }

    // ------------------------------------------------------------ method override

    @ParameterizedTest
    @ValueSource(strings = {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"})
    void methodOverrideHeadersAreIgnored(String header) {
        long id = live.idOf("short.mp4");
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets/" + id)).header(header, "DELETE").GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(live.get("/api/v1/assets/" + id).statusCode()).as("the asset is still there").isEqualTo(200);
    }

    @Test
    void methodOverrideQueryIsRefused() {
        long id = live.idOf("short.mp4");
        assertThat(live.get("/api/v1/assets/" + id + "?_method=DELETE").statusCode()).isEqualTo(400);
        assertThat(live.get("/api/v1/assets/" + id).statusCode()).as("the asset is still there").isEqualTo(200);
    }

    // ------------------------------------------------------------ HEAD

    @Test
    void headAnswersAsGetWithoutTheBody() {
        long clip = live.idOf("trip/clip.mp4");
        for (String path : List.of("/api/v1/assets/" + clip + "/poster", "/api/v1/assets/" + clip + "/poster?size=large",
                "/api/v1/assets/" + clip + "/proxy", "/api/v1/assets/" + clip + "/original",
                "/api/v1/assets/" + clip + "/sprites/0.jpg", "/api/v1/assets/" + clip)) {
            HttpResponse<byte[]> get = live.getBytes(path);
            HttpResponse<byte[]> head = head(path);
            assertThat(get.statusCode()).as("GET %s", path).isEqualTo(200);
            assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(200);
            assertThat(head.body()).as("HEAD %s has no body", path).isEmpty();
            for (String h : List.of("Content-Type", "ETag", "Accept-Ranges", "Last-Modified")) {
                assertThat(head.headers().firstValue(h)).as("%s of HEAD %s", h, path).isEqualTo(get.headers().firstValue(h));
            }
            if (!path.endsWith("/" + clip)) {
                assertThat(head.headers().firstValueAsLong("Content-Length")).as("Content-Length of HEAD %s", path)
                        .hasValue((long) get.body().length);
                assertThat(get.body().length).isPositive();
            }
        }
        for (String path : List.of("/api/v1/assets/987654321/poster", "/api/v1/assets/987654321/proxy",
                "/api/v1/assets/987654321/original", "/api/v1/assets/987654321/sprites/0.jpg", "/api/v1/assets/987654321",
                "/api/v1/assets/" + live.idOf("trip/tone.mp3") + "/sprites/0.jpg")) {
            HttpResponse<byte[]> get = live.getBytes(path);
            HttpResponse<byte[]> head = head(path);
            assertThat(get.statusCode()).as("GET %s", path).isEqualTo(404);
            assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(404);
            assertThat(head.headers().firstValue("Content-Type")).as("HEAD %s", path).isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.body()).isEmpty();
        }
    }

    // ------------------------------------------------------------ ranges

    @Test
    void rangeEndsBeyondTheFileAreClampedAndNonsenseIgnored() {
        String url = "/api/v1/assets/" + live.idOf("trip/clip.mp4") + "/original";
        long size = live.getBytes(url).body().length;
        for (String range : List.of("bytes=0-99999999999999999999", "bytes=0-9223372036854775807", "bytes=0-" + (size + 1),
                "bytes=0-00000000000000000000000000099999999999999999999")) {
            HttpResponse<byte[]> r = live.getBytes(url, "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(206);
            assertThat(r.headers().firstValue("Content-Range")).as(range).hasValue("bytes 0-" + (size - 1) + "/" + size);
            assertThat(r.body()).hasSize((int) size);
        }
        HttpResponse<byte[]> tail = live.getBytes(url, "Range", "bytes=10-99999999999999999999");
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 10-" + (size - 1) + "/" + size);
        HttpResponse<byte[]> suffix = live.getBytes(url, "Range", "bytes=-99999999999999999999");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).hasSize((int) size);
        for (String range : List.of("bytes=99999999999999999999-", "bytes=99999999999999999999-99999999999999999999",
                "bytes=" + size + "-" + (size + 5))) {
            HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri(url)).header("Range", range).GET());
            LiveServer.assertJsonError("Range " + range, r, 416);
            assertThat(r.headers().firstValue("Content-Range")).as(range).hasValue("bytes */" + size);
        }
        for (String range : List.of("bytes=abc", "bytes=0-1,5-6", "items=0-5", "bytes=5-2", "bytes=--1", "bytes=1-2-3", "bytes=")) {
            HttpResponse<byte[]> r = live.getBytes(url, "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(200);
            assertThat(r.body()).as(range).hasSize((int) size);
        }
    }

    // ------------------------------------------------------------ originals and symbolic links

    @Test
    void anOriginalReplacedByASymlinkIsNotServed() throws Exception {
        Path secret = Files.writeString(live.tmp().resolve("secret.txt"), "root:x:0:0:the secret\n");
        Path file = uniqueFile(live.mediaDir().resolve("swapped"), "victim.mp4");
        long id = catalogue(file);
        assertThat(live.getBytes("/api/v1/assets/" + id + "/original").statusCode()).isEqualTo(200);

        Files.delete(file);
        Files.createSymbolicLink(file, secret);
        for (HttpResponse<String> r : List.of(live.get("/api/v1/assets/" + id + "/original"),
                live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets/" + id + "/original")).header("Range", "bytes=0-4").GET()))) {
            JsonNode error = LiveServer.assertJsonError("original swapped for a link", r, 403);
            assertThat(error.path("message").asText()).contains("symbolic link");
            assertThat(r.body()).doesNotContain("secret").doesNotContain("root:");
        }
        assertThat(head("/api/v1/assets/" + id + "/original").statusCode()).isEqualTo(403);
    }

    @Test
    void anOriginalWhoseFolderIsReplacedByASymlinkIsNotServed() throws Exception {
        Path outside = Files.createDirectories(live.tmp().resolve("outside"));
        Files.writeString(outside.resolve("inner.mp4"), "root:x:0:0:the secret\n");
        Path folder = live.mediaDir().resolve("linkedfolder");
        Path file = uniqueFile(folder, "inner.mp4");
        long id = catalogue(file);
        assertThat(live.getBytes("/api/v1/assets/" + id + "/original").statusCode()).isEqualTo(200);

        Files.move(folder, live.mediaDir().resolve("linkedfolder-moved"));
        Files.createSymbolicLink(folder, outside);
        HttpResponse<String> r = live.get("/api/v1/assets/" + id + "/original");
        JsonNode error = LiveServer.assertJsonError("folder swapped for a link", r, 403);
        assertThat(error.path("message").asText()).contains("symbolic link");
        assertThat(r.body()).doesNotContain("secret");
    }

    // ------------------------------------------------------------ strict bodies and names

    @Test
    void unknownFieldsAreRefusedOnEveryBody() {
        long id = live.idOf("trip/clip.mp4");
        String folder = LiveServer.quote(live.mediaDir().resolve("trip").toString());
        for (String[] call : new String[][] {
                {"POST", "/api/v1/scans", "{\"bogus\": 1}"},
                {"POST", "/api/v1/scans", "{\"path\": " + folder + ", \"bogus\": 1}"},
                {"POST", "/api/v1/batches", "{\"name\": \"b\", \"folder\": " + folder + ", \"bogus\": 1}"},
                {"PATCH", "/api/v1/batches/trip", "{\"name\": \"renamed\", \"bogus\": 1}"},
                {"POST", "/api/v1/roots", "{\"path\": " + folder + ", \"bogus\": 1}"},
                {"POST", "/api/v1/prune", "{\"bogus\": 1}"},
                {"PATCH", "/api/v1/assets/" + id, "{\"title\": \"t\", \"bogus\": 1}"},
                {"POST", "/api/v1/assets/" + id + "/motion", "{\"bogus\": 1}"},
                {"POST", "/api/v1/assets/" + id + "/trim-idle", "{\"bogus\": 1}"},
                {"POST", "/api/v1/assets/" + id + "/ffmpeg", "{\"preset\": \"gif\", \"bogus\": 1}"}}) {
            HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri(call[1])).header("Content-Type", "application/json")
                    .method(call[0], HttpRequest.BodyPublishers.ofString(call[2])));
            JsonNode error = LiveServer.assertJsonError(call[0] + " " + call[1] + " " + call[2], r, 400);
            assertThat(error.path("message").asText()).as(call[1]).startsWith("unknown field \"bogus\"; allowed: ");
        }
        assertThat(live.getJson("/api/v1/batches/trip").path("batch").path("name").asText()).isEqualTo("trip");
    }

    @Test
    void namesWithDirectionControlsControlCharactersOrLoneSurrogatesAreRefused() {
        long id = live.idOf("trip/tone.mp3");
        String before = live.getJson("/api/v1/assets/" + id).toString();
        // JSON escapes, so that exactly these characters arrive
        for (String[] c : new String[][] {
                {"{\"title\": \"abc\\u202Egpj.exe\"}", "title contains a text-direction control (U+202E) at position 4"},
                {"{\"title\": \"\\u2066x\"}", "title contains a text-direction control (U+2066) at position 1"},
                {"{\"title\": \"a\\u200Fb\"}", "title contains a text-direction control (U+200F) at position 2"},
                {"{\"title\": \"next\\u0085line\"}", "title contains a control character (U+0085) at position 5"},
                {"{\"batch\": \"trip\\u202Dx\"}", "batch name contains a text-direction control (U+202D) at position 5"},
                {"{\"tags\": [\"ok\", \"half\\ud800\"]}", "tag 2 contains a lone surrogate (U+D800) at position 5"},
                {"{\"tags\": [\"\\udc00\"]}", "tag 1 contains a lone surrogate (U+DC00) at position 1"},
                {"{\"description\": \"line\\nline\\u2069\"}", "description contains a text-direction control (U+2069) at position 10"}}) {
            HttpResponse<String> r = live.patch("/api/v1/assets/" + id, c[0]);
            JsonNode error = LiveServer.assertJsonError("PATCH " + c[0], r, 422);
            assertThat(error.path("message").asText()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(live.getJson("/api/v1/assets/" + id).toString()).as("nothing changed").isEqualTo(before);
        JsonNode rename = LiveServer.assertJsonError("rename", live.patch("/api/v1/batches/trip", "{\"name\": \"\\u202Eevil\"}"), 422);
        assertThat(rename.path("message").asText()).isEqualTo("batch name contains a text-direction control (U+202E) at position 1");
        // emoji (surrogate pairs), joiners and accents are text
        HttpResponse<String> ok = live.patch("/api/v1/assets/" + id, "{\"title\": \"été 🎬 👩\u200d💻\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    // ------------------------------------------------------------ helpers

    /** A file no other catalogued file has the content of (so it is an asset of its own). */
    private static Path uniqueFile(Path dir, String name) throws IOException {
        byte[] bytes = new byte[50_000];
        new java.util.Random(dir.hashCode()).nextBytes(bytes);
        return Files.write(Files.createDirectories(dir).resolve(name), bytes);
    }

    private static long catalogue(Path file) throws IOException {
        live.dam().scanner().scan(List.of(file.getParent()), live.dam().scanOptions(Optional.empty(), 1));
        String real = file.toRealPath().toString();
        for (JsonNode item : LiveServer.items(live.getJson("/api/v1/assets?limit=1000"))) {
            if (item.get("path").asText().equals(real)) return item.get("id").asLong();
        }
        throw new AssertionError("not catalogued: " + real);
    }

    private static HttpResponse<byte[]> head(String path) {
        return live.sendBytes(HttpRequest.newBuilder(live.uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    /** Sends {@code size} bytes as a chunked body (ignoring a write error once the server answered) and reads the answer. */
    private static LiveServer.RawResponse chunked(String requestLine, int size) {
        byte[] data = new byte[size];
        java.util.Arrays.fill(data, (byte) ' ');
        String body = Integer.toHexString(size) + "\r\n";
        byte[] head = body.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + size + 7];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(data, 0, all, head.length, size);
        System.arraycopy("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, all, head.length + size, 7);
        return live.rawFraming(requestLine + " HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", all);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            b.append((char) c);
            if (b.toString().endsWith("\r\n\r\n")) break;
        }
        return b.toString();
    }
}
