package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.model.ScanReport;
import org.thatdam.media.testing.TestMedia;

/**
 * A real library (SQLite catalog in a temp folder, media made by the bundled ffmpeg, scanned by the
 * real scanner) behind a real {@link DamServer} on 127.0.0.1 and an ephemeral port, plus the HTTP
 * plumbing the API tests share.
 *
 * <pre>
 * media/
 *   trip/clip.mp4            H.264 + AAC, 320x240, 25 fps, 2 s     batch "trip"
 *   trip/tone.mp3            MP3, 2 s                               batch "trip"
 *   trip/stills/frame.png    PNG 200x100                            batch "stills"
 *   old/legacy.avi           MS-MPEG4v3 + MP3 AVI, 320x240, 2 s     batch "old"
 *   old/broken.mp4           random bytes: failed                   batch "old"
 *   audio/tone.wav           PCM WAV, 1 s                           batch "audio"
 *   short.mp4                H.264 0.3 s, 160x120                   batch "media"
 * </pre>
 */
final class LiveServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** File name → what made it; the folder layout above. */
    static final Map<String, Supplier<Path>> LAYOUT = new LinkedHashMap<>();

    static {
        LAYOUT.put("trip/clip.mp4", TestMedia::h264Mp4);
        LAYOUT.put("trip/tone.mp3", TestMedia::mp3);
        LAYOUT.put("trip/stills/frame.png", TestMedia::png);
        LAYOUT.put("old/legacy.avi", TestMedia::aviMsmpeg4v3);
        LAYOUT.put("old/broken.mp4", TestMedia::randomBytesMp4);
        LAYOUT.put("audio/tone.wav", TestMedia::wav);
        LAYOUT.put("short.mp4", TestMedia::shortClip);
    }

    final Path mediaDir;
    final Dam dam;
    final DamServer server;
    final ScanReport scan;
    final HttpClient http;
    /** Relative name in {@link #LAYOUT} → the real path the catalog stores. */
    final Map<String, String> paths = new LinkedHashMap<>();

    private LiveServer(Path tmp, Map<ConfigKey, String> extraConfig) throws IOException {
        mediaDir = Files.createDirectories(tmp.resolve("media"));
        for (Map.Entry<String, Supplier<Path>> e : LAYOUT.entrySet()) {
            Path target = mediaDir.resolve(e.getKey());
            Path copy = TestMedia.copy(e.getValue().get(), target.getParent(), target.getFileName().toString());
            paths.put(e.getKey(), copy.toRealPath().toString());
        }
        Map<ConfigKey, String> config = new java.util.EnumMap<>(ConfigKey.class);
        config.put(ConfigKey.HOME, tmp.resolve("home").toString());
        config.put(ConfigKey.SCAN_SETTLE_SECONDS, "0");
        config.putAll(extraConfig);
        dam = Dam.open(ConfigLoader.load(Map.of(), null, config));
        scan = dam.scanner().scan(List.of(mediaDir), dam.scanOptions(Optional.empty(), 2));
        server = DamServer.start(dam, "127.0.0.1", 0);
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static LiveServer start(Path tmp) throws IOException {
        return new LiveServer(tmp, Map.of());
    }

    /** Like {@link #start(Path)} with extra configuration (e.g. {@link ConfigKey#SERVER_ORIGINALS}). */
    static LiveServer start(Path tmp, Map<ConfigKey, String> extraConfig) throws IOException {
        return new LiveServer(tmp, extraConfig);
    }

    /**
     * Starts this library's job engine (it keeps running until {@link #close()}) and waits until
     * every queued job (posters, sprites, proxies, hashes of the scanned files) has finished.
     */
    LiveServer runJobs() {
        dam.engine().start();
        awaitJobsIdle();
        return this;
    }

    void awaitJobsIdle() {
        try {
            assertThat(dam.engine().awaitIdle(Duration.ofMinutes(2))).as("jobs finished within 2 minutes").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where the library keeps an asset's derivative files. */
    Path derivativeDir(long assetId) {
        return dam.derivatives().dir(assetId);
    }

    HttpResponse<String> post(String pathAndQuery, String json) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    HttpResponse<String> patch(String pathAndQuery, String json) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    HttpResponse<String> delete(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).DELETE());
    }

    /** GETs with extra headers (name, value, name, value…) and returns the body as bytes. */
    HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return sendBytes(b);
    }

    /** Sends and returns the body as bytes. */
    HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** JSON string literal of {@code s} (for building request bodies). */
    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.port();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs and asserts 200 with a JSON body, which it returns parsed. */
    JsonNode getJson(String pathAndQuery) {
        HttpResponse<String> r = get(pathAndQuery);
        assertThat(r.statusCode()).as("GET %s → %s", pathAndQuery, r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as("content type of GET %s", pathAndQuery)
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        return parse(r.body());
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** Every item of a listing, in order. */
    static List<JsonNode> items(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        page.get("items").forEach(out::add);
        return out;
    }

    /** The listed asset whose path is the catalogued copy of {@code name} in {@link #LAYOUT}. */
    JsonNode asset(String name) {
        String path = paths.get(name);
        for (JsonNode item : items(getJson("/api/v1/assets?limit=1000"))) {
            if (item.get("path").asText().equals(path)) {
                return item;
            }
        }
        throw new AssertionError("no asset listed for " + path);
    }

    long idOf(String name) {
        return asset(name).get("id").asLong();
    }

    /**
     * Asserts a JSON error response: the given 4xx status (or any 4xx when {@code status} is 0),
     * a JSON content type, the {@code {"error":{"code","message"}}} shape, and nothing that looks
     * like a stack trace or an HTML error page.
     */
    static JsonNode assertJsonError(String what, int actualStatus, String contentType, String body, int status) {
        if (status == 0) {
            assertThat(actualStatus).as("%s: status (body %s)", what, body).isBetween(400, 499);
        } else {
            assertThat(actualStatus).as("%s: status (body %s)", what, body).isEqualTo(status);
        }
        assertThat(contentType).as("%s: content type (body %s)", what, body).isNotNull().startsWith("application/json");
        assertThat(body).as("%s: body", what)
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("at org.")
                .doesNotContain("at io.javalin")
                .doesNotContainIgnoringCase("<html")
                .doesNotContainIgnoringCase("<pre");
        JsonNode json = parse(body);
        JsonNode error = json.get("error");
        assertThat(error).as("%s: error object in %s", what, body).isNotNull();
        assertThat(error.isObject()).as("%s: error is an object in %s", what, body).isTrue();
        assertThat(error.path("code").isTextual()).as("%s: error.code in %s", what, body).isTrue();
        assertThat(error.path("code").asText()).as("%s: error.code", what).isNotBlank();
        assertThat(error.path("message").isTextual()).as("%s: error.message in %s", what, body).isTrue();
        assertThat(error.path("message").asText()).as("%s: error.message", what).isNotBlank();
        return error;
    }

    static JsonNode assertJsonError(String what, HttpResponse<String> r, int status) {
        return assertJsonError(what, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), status);
    }

    static JsonNode assertJsonError(String what, RawResponse r, int status) {
        return assertJsonError(what, r.status(), r.header("Content-Type"), r.body(), status);
    }

    /** The server still answers normally. */
    void assertStillServing() {
        JsonNode health = getJson("/health");
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(getJson("/api/v1/assets?limit=1").path("total").asLong()).isEqualTo(LAYOUT.size());
    }

    // ------------------------------------------------------------ raw HTTP/1.1, for what HttpClient will not send

    record RawResponse(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line) and {@code body} bytes
     * over a fresh socket with {@code Connection: close}, and reads the whole response. A server
     * that answers early and stops reading is fine: the write error is ignored and the response read.
     */
    RawResponse raw(String head, byte[] body) {
        return raw(head, body, "127.0.0.1:" + port());
    }

    /** Like {@link #raw(String, byte[])} with the given {@code Host} header. */
    RawResponse raw(String head, byte[] body, String host) {
        return rawFraming(head + (body.length > 0 ? "\r\nContent-Length: " + body.length : ""), body, host);
    }

    /** Like {@link #raw} but the caller frames the body ({@code head} says Content-Length or Transfer-Encoding). */
    RawResponse rawFraming(String head, byte[] body) {
        return rawFraming(head, body, "127.0.0.1:" + port());
    }

    private RawResponse rawFraming(String head, byte[] body, String host) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            String fullHead = head + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
            try {
                out.write(fullHead.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server answered without reading everything: read what it said
            }
            return readResponse(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawResponse readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (IOException e) {
            if (all.size() == 0) throw e; // a reset after the response was sent is fine
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a complete response head in: %s", text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] bodyBytes = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
        String body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
                ? dechunk(bodyBytes) : new String(bodyBytes, StandardCharsets.UTF_8);
        return new RawResponse(status, headers, body);
    }

    private static String dechunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < b.length) {
            int lineEnd = indexOfCrlf(b, i);
            if (lineEnd < 0) break;
            String sizeText = new String(b, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) break;
            out.write(b, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') return i;
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            http.close();
            server.close();
        } finally {
            dam.close();
        }
    }
}
