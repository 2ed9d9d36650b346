package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.model.ScanReport;
import org.thatdam.media.testing.TestMedia;

/**
 * A JUnit 5 extension giving tests a real library (SQLite catalog in a temp folder, media made by
 * the bundled ffmpeg, scanned by the real scanner) behind a real {@link DamServer} on 127.0.0.1
 * and an ephemeral port, plus the HTTP plumbing the API and browser tests share. Registered on a
 * static field it serves the whole class; on an instance field, each test gets a fresh one.
 * Everything (server, library, temp folder) is closed and removed afterwards.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LiveServer live = LiveServer.withMedia().config(ConfigKey.SERVER_ORIGINALS, "true").jobsDone();
 * </pre>
 *
 * The default media ({@link #LAYOUT}):
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
public final class LiveServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** The first admin of a library with users, and the password of every test user. */
    public static final String ADMIN = "admin";
    public static final String PASSWORD = "correct horse battery";

    /** File name → what made it; the folder layout above. */
    public static final Map<String, Supplier<Path>> LAYOUT;

    static {
        Map<String, Supplier<Path>> layout = new LinkedHashMap<>();
        layout.put("trip/clip.mp4", TestMedia::h264Mp4);
        layout.put("trip/tone.mp3", TestMedia::mp3);
        layout.put("trip/stills/frame.png", TestMedia::png);
        layout.put("old/legacy.avi", TestMedia::aviMsmpeg4v3);
        layout.put("old/broken.mp4", TestMedia::randomBytesMp4);
        layout.put("audio/tone.wav", TestMedia::wav);
        layout.put("short.mp4", TestMedia::shortClip);
        LAYOUT = Collections.unmodifiableMap(layout);
    }

    private final Map<String, Supplier<Path>> layout;
    private final Map<ConfigKey, String> config = new LinkedHashMap<>();
    private final LiveServer sharedHome;
    private final LiveServer sharedCatalog;
    private Map<String, String> env = Map.of();
    private boolean jobsDone;
    private boolean withUsers = true;
    private boolean perTest;
    private java.time.Clock clock = java.time.Clock.systemUTC();

    // what runs, between before and after
    private Path tmp;
    private Path mediaDir;
    private Dam dam;
    private DamServer server;
    private ScanReport scan;
    private HttpClient http;
    /** API keys by role (their users are named after the role; the admin is {@value #ADMIN}). */
    private final Map<org.thatdam.model.Role, String> keys = new java.util.EnumMap<>(org.thatdam.model.Role.class);
    /** Relative name in the layout → the real path the catalog stores. */
    private final Map<String, String> paths = new LinkedHashMap<>();

    private LiveServer(Map<String, Supplier<Path>> layout, LiveServer sharedHome) {
        this(layout, sharedHome, null);
    }

    private LiveServer(Map<String, Supplier<Path>> layout, LiveServer sharedHome, LiveServer sharedCatalog) {
        this.layout = layout;
        this.sharedHome = sharedHome;
        this.sharedCatalog = sharedCatalog;
    }

    /** A library of the default media ({@link #LAYOUT}). */
    public static LiveServer withMedia() {
        return new LiveServer(LAYOUT, null);
    }

    /** A library of the given media: path relative to the media folder → what makes the file. */
    public static LiveServer withMedia(Map<String, Supplier<Path>> layout) {
        return new LiveServer(Collections.unmodifiableMap(new LinkedHashMap<>(layout)), null);
    }

    /**
     * A second server on the library home of {@code other} (registered after it: {@code @Order}),
     * with no media of its own: for configurations that only differ in how they serve.
     */
    public static LiveServer sharingHomeOf(LiveServer other) {
        return new LiveServer(Map.of(), other);
    }

    /**
     * Another node of the library of {@code other} (registered after it: {@code @Order}): a home of its
     * own, the catalog of {@code other}, no media. Give it the same {@code storage.*} settings to share
     * the store too.
     */
    public static LiveServer sharingCatalogOf(LiveServer other) {
        return new LiveServer(Map.of(), null, other);
    }

    /** The environment the library reads its secrets from (object store keys); none by default. */
    public LiveServer env(Map<String, String> variables) {
        env = Map.copyOf(variables);
        return this;
    }

    /** Sets a configuration key (the defaults: a temp home, no scan settle time). */
    public LiveServer config(ConfigKey key, String value) {
        config.put(key, value);
        return this;
    }

    /**
     * A library without users: the server answers nothing but setup (by default the library has an
     * admin, {@value #ADMIN}, and every request of {@link #send} carries that admin's API key).
     */
    public LiveServer noUsers() {
        withUsers = false;
        return this;
    }

    /**
     * The library's clock (e.g. a {@code TestClock} the test moves, to expire sessions and keys and
     * to wait out login throttling without waiting).
     */
    public LiveServer clock(java.time.Clock c) {
        clock = c;
        return this;
    }

    /**
     * Starts the library's job engine before serving (it keeps running until the end) and waits
     * until every job the scan queued (posters, sprites, proxies, hashes) has finished.
     */
    public LiveServer jobsDone() {
        jobsDone = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (dam == null) { // registered on an instance field: one per test
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void start() throws IOException {
        if (sharedHome != null && sharedHome.dam == null || sharedCatalog != null && sharedCatalog.dam == null) {
            throw new IllegalStateException("a server sharing a home starts after the other one: give both an @Order");
        }
        tmp = Files.createTempDirectory("dam-live-").toRealPath();
        mediaDir = Files.createDirectories(tmp.resolve("media"));
        for (Map.Entry<String, Supplier<Path>> e : layout.entrySet()) {
            Path target = mediaDir.resolve(e.getKey());
            Path copy = TestMedia.copy(e.getValue().get(), target.getParent(), target.getFileName().toString());
            paths.put(e.getKey(), copy.toRealPath().toString());
        }
        Map<ConfigKey, String> all = new LinkedHashMap<>();
        all.put(ConfigKey.HOME, (sharedHome != null ? sharedHome.tmp : tmp).resolve("home").toString());
        all.put(ConfigKey.SCAN_SETTLE_SECONDS, "0");
        all.put(ConfigKey.SEMANTIC_AUTO, "false"); // a test that needs the semantic layer turns it on
        if (sharedCatalog != null) all.put(ConfigKey.CATALOG_URL, "sqlite:" + sharedCatalog.dam.layout().catalogDb());
        all.putAll(config);
        dam = Dam.open(ConfigLoader.load(Map.of(), null, all), clock, env);
        scan = layout.isEmpty() ? null : dam.scanner().scan(List.of(mediaDir), dam.scanOptions(Optional.empty(), 2));
        if (jobsDone) {
            runJobs();
        }
        if (withUsers && dam.users().needsSetup()) dam.users().setup(ADMIN, PASSWORD, null);
        server = DamServer.start(dam, "127.0.0.1", 0);
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A temp folder of this server's own, removed afterwards (the media folder and the home are in it). */
    public Path tmp() {
        return tmp;
    }

    /** The scanned media folder. */
    public Path mediaDir() {
        return mediaDir;
    }

    public Dam dam() {
        return dam;
    }

    /**
     * Runs {@code kind} on the current version of each asset, to the end: the semantic analyses this fixture leaves
     * off, for the tests about one of them.
     */
    public void analyse(org.thatdam.core.jobs.JobKind kind, long... assetIds) throws InterruptedException {
        List<Long> jobs = dam.catalog().write(s -> {
            List<Long> ids = new java.util.ArrayList<>();
            for (long id : assetIds) {
                long version = s.assets().find(id).orElseThrow().currentVersionId();
                ids.add(s.jobs().enqueue(kind.forVersion(id, version), System.currentTimeMillis()));
            }
            return ids;
        });
        for (long job : jobs) dam.jobs().runUntilDone(job, j -> { });
    }

    public DamServer server() {
        return server;
    }

    public HttpClient http() {
        return http;
    }

    /** What the start-up scan of the media folder found ({@code null} without media). */
    public ScanReport scan() {
        return scan;
    }

    /** The real path the catalog stores for {@code name} of the layout. */
    public String path(String name) {
        String p = paths.get(name);
        if (p == null) throw new AssertionError("not in the layout: " + name);
        return p;
    }

    /**
     * Starts this library's job engine (it keeps running until the end) and waits until every
     * queued job has finished.
     */
    public LiveServer runJobs() {
        dam.engine().start();
        awaitJobsIdle();
        return this;
    }

    public void awaitJobsIdle() {
        try {
            assertThat(dam.engine().awaitIdle(Duration.ofMinutes(2))).as("jobs finished within 2 minutes").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code GET /api/v1/scans/{id}} until the scan is done or failed, and returns it. */
    public JsonNode awaitScan(String id) {
        return await("scan " + id + " finished").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> getJson("/api/v1/scans/" + id), s -> List.of("done", "failed").contains(s.path("state").asText()));
    }

    /** Polls {@code GET /api/v1/jobs/{id}} until the job is done, skipped, failed or cancelled, and returns it. */
    public JsonNode awaitJob(long id) {
        return await("job " + id + " finished").atMost(Duration.ofMinutes(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> getJson("/api/v1/jobs/" + id),
                        j -> List.of("done", "skipped", "failed", "cancelled").contains(j.path("state").asText()));
    }

    /** Where the library keeps an asset's derivative files. */
    public Path derivativeDir(long assetId) {
        return dam.derivatives().dir(assetId);
    }

    /**
     * A documented path with every placeholder filled by something that does not exist: a request
     * to it that a guard lets through changes nothing.
     */
    public static String nowhere(String documentedPath) {
        return documentedPath.replace("{id}", "987654321").replace("{name}", "no-such-batch").replace("{scanId}", "no-such-scan")
                .replace("{file}", "0.jpg").replace("{kind}", "no-such-kind").replace("{token}", "no-such-token")
                .replace("{key}", "no-such-key").replace("{sceneId}", "987654321").replace("{source}", "no-such-source");
    }

    public HttpResponse<String> post(String pathAndQuery, String json) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> patch(String pathAndQuery, String json) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> delete(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).DELETE());
    }

    /** GETs with extra headers (name, value, name, value…) and returns the body as bytes. */
    public HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return sendBytes(b);
    }

    /** Sends and returns the body as bytes. */
    public HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        return sendBytesAnonymous(withAdminKey(request));
    }

    /** Sends exactly the request given (no credentials are added) and returns the body as bytes. */
    public HttpResponse<byte[]> sendBytesAnonymous(HttpRequest.Builder request) {
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
    public static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.port();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    /**
     * An API key of a user with {@code role} (made the first time: users "viewer" and "editor", and
     * the admin {@value #ADMIN}).
     */
    public synchronized String key(org.thatdam.model.Role role) {
        if (!withUsers) throw new IllegalStateException("this library has no users (noUsers())");
        return keys.computeIfAbsent(role, r -> {
            String user = r == org.thatdam.model.Role.ADMIN ? ADMIN : r.id();
            if (dam.users().list().stream().noneMatch(u -> u.name().equals(user))) {
                dam.users().add(user, r, PASSWORD, org.thatdam.model.Principal.commandLine(), null);
            }
            return dam.apiKeys().create(user, "tests", r, null, org.thatdam.model.Principal.commandLine(), null).secret();
        });
    }

    /**
     * Sends with the admin's API key, unless the request carries its own credentials (an
     * {@code Authorization} header or a cookie) or the library has no users.
     */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        return sendAnonymous(withAdminKey(request));
    }

    private HttpRequest.Builder withAdminKey(HttpRequest.Builder request) {
        HttpRequest built = request.copy().build();
        if (!withUsers || built.headers().firstValue("Authorization").isPresent() || built.headers().firstValue("Cookie").isPresent()) {
            return request;
        }
        return request.header("Authorization", "Bearer " + key(org.thatdam.model.Role.ADMIN));
    }

    /** A WebSocket builder carrying the admin's API key (when the library has users). */
    public java.net.http.WebSocket.Builder webSocket() {
        var b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        return withUsers ? b.header("Authorization", "Bearer " + key(org.thatdam.model.Role.ADMIN)) : b;
    }

    /** Sends exactly the request given: no credentials are added. */
    public HttpResponse<String> sendAnonymous(HttpRequest.Builder request) {
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
    public JsonNode getJson(String pathAndQuery) {
        HttpResponse<String> r = get(pathAndQuery);
        assertThat(r.statusCode()).as("GET %s → %s", pathAndQuery, r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as("content type of GET %s", pathAndQuery)
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        return parse(r.body());
    }

    public static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** Every item of a listing, in order. */
    public static List<JsonNode> items(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        page.get("items").forEach(out::add);
        return out;
    }

    /** The listed asset whose path is the catalogued copy of {@code name} in {@link #LAYOUT}. */
    public JsonNode asset(String name) {
        String path = path(name);
        for (JsonNode item : items(getJson("/api/v1/assets?limit=1000"))) {
            if (item.get("path").asText().equals(path)) {
                return item;
            }
        }
        throw new AssertionError("no asset listed for " + path);
    }

    public long idOf(String name) {
        return asset(name).get("id").asLong();
    }

    /**
     * Asserts a JSON error response: the given 4xx status (or any 4xx when {@code status} is 0),
     * a JSON content type, the {@code {"error":{"code","message"}}} shape, and nothing that looks
     * like a stack trace or an HTML error page.
     */
    public static JsonNode assertJsonError(String what, int actualStatus, String contentType, String body, int status) {
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

    public static JsonNode assertJsonError(String what, HttpResponse<String> r, int status) {
        return assertJsonError(what, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), status);
    }

    public static JsonNode assertJsonError(String what, RawResponse r, int status) {
        return assertJsonError(what, r.status(), r.header("Content-Type"), r.body(), status);
    }

    /** The server still answers normally. */
    public void assertStillServing() {
        JsonNode health = getJson("/health");
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(getJson("/api/v1/assets?limit=1").path("total").asLong()).isEqualTo(LAYOUT.size());
    }

    // ------------------------------------------------------------ raw HTTP/1.1, for what HttpClient will not send

    public record RawResponse(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line) and {@code body} bytes
     * over a fresh socket with {@code Connection: close}, and reads the whole response. A server
     * that answers early and stops reading is fine: the write error is ignored and the response read.
     */
    public RawResponse raw(String head, byte[] body) {
        return raw(head, body, "127.0.0.1:" + port());
    }

    /** Like {@link #raw(String, byte[])} with the given {@code Host} header. */
    public RawResponse raw(String head, byte[] body, String host) {
        return rawFraming(head + (body.length > 0 ? "\r\nContent-Length: " + body.length : ""), body, host);
    }

    /** Like {@link #raw} but the caller frames the body ({@code head} says Content-Length or Transfer-Encoding). */
    public RawResponse rawFraming(String head, byte[] body) {
        return rawFraming(head, body, "127.0.0.1:" + port());
    }

    private RawResponse rawFraming(String head, byte[] body, String host) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            boolean credentials = head.toLowerCase(java.util.Locale.ROOT).contains("\nauthorization:")
                    || head.toLowerCase(java.util.Locale.ROOT).contains("\ncookie:");
            String auth = withUsers && !credentials ? "\r\nAuthorization: Bearer " + key(org.thatdam.model.Role.ADMIN) : "";
            String fullHead = head + auth + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
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

    /** The base URL plus {@code pathAndHash}, as a browser opens it. */
    public String url(String pathAndHash) {
        return "http://127.0.0.1:" + port() + pathAndHash;
    }

    private void close() {
        try {
            if (http != null) http.close();
            if (server != null) server.close();
        } finally {
            try {
                if (dam != null) dam.close();
            } finally {
                dam = null;
                paths.clear();
                keys.clear();
                if (tmp != null) deleteTree(tmp);
            }
        }
    }

    /** Removes a temp tree, making read-only folders (left by permission tests) writable first. */
    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isDirectory).forEach(d -> d.toFile().setWritable(true));
        } catch (IOException | UncheckedIOException e) {
            // best effort: what cannot be listed is left to the OS's temp cleaning
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // as above
        }
    }
}
