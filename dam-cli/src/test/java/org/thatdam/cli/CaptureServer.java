package org.thatdam.cli;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.thatdam.core.json.Json;

/**
 * A real {@code dam serve} in a JVM of its own on one home, as the capture tests use it: its address and
 * local key from server.json, JSON calls to its API as the library's owner, its event socket, and a
 * {@code kill -9} or a clean stop. Every server of a test class goes in {@link #close}.
 */
final class CaptureServer implements AutoCloseable {

    /** Several JVMs and ffmpegs start side by side with the build on a small machine: starting may take a while. */
    static final Duration START = Duration.ofMinutes(3);

    final Path home;
    final Process process;
    final String url;
    final String key;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private WebSocket socket;

    private CaptureServer(Path home, Process process, Path log, String url, String key) {
        this.home = home;
        this.process = process;
        this.log = log;
        this.url = url;
        this.key = key;
    }

    /** {@code dam serve --port 0} on {@code home}, whose dam.toml gets {@code toml}; returns once /ready says ready. */
    static CaptureServer start(Path home, String toml, Map<String, String> env) throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("dam.toml"), """
                [semantic]
                auto = false
                [watch]
                enabled = false
                [serve]
                scan-on-start = false
                """ + toml);
        Path json = home.resolve("server.json");
        Files.deleteIfExists(json);
        Path log = home.resolveSibling(home.getFileName() + "-serve-" + System.nanoTime() + ".log");
        List<String> cmd = CliRunner.childJava(Main.class, "serve", "--port", "0", "--home", home.toString());
        cmd.addAll(1, List.of("--enable-native-access=ALL-UNNAMED", "-Ddam.tty=false"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("DAM_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        try {
            await("server.json of " + home).atMost(START).pollInterval(Duration.ofMillis(100))
                    .until(() -> !p.isAlive() || Files.exists(json));
            if (!p.isAlive()) throw new AssertionError("dam serve ended (exit " + p.exitValue() + "):\n" + Files.readString(log));
            JsonNode endpoint = await("a whole server.json").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> readJson(json), e -> e != null && e.path("port").asInt() > 0);
            CaptureServer s = new CaptureServer(home, p, log, endpoint.path("url").asText(), endpoint.path("localKey").asText());
            await("the server is ready").atMost(START).pollInterval(Duration.ofMillis(100))
                    .until(() -> s.get("/ready").json().path("status").asText().equals("ready"));
            return s;
        } catch (RuntimeException | Error e) {
            p.destroyForcibly();
            throw new AssertionError("dam serve did not become ready: " + e.getMessage() + "\n" + tail(log), e);
        }
    }

    private static JsonNode readJson(Path f) {
        try {
            return Json.mapper().readTree(f.toFile());
        } catch (IOException partial) {
            return null; // read while it is replaced: again
        }
    }

    /** An answer: its status and body as JSON (a missing or non-JSON body is an empty object). */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return body.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        Answer expect(int code) {
            if (status != code) throw new AssertionError("expected " + code + " but got " + status + ": " + body);
            return this;
        }
    }

    Answer get(String path) {
        return send(request(path).GET().build());
    }

    /**
     * The test sources {@code ids} at 640x360 rather than their default 1280x720: what a test checks of a take
     * does not depend on its size, and the smaller picture leaves the machine's cores to the rest of the suite.
     */
    CaptureServer smallPictures(String... ids) {
        for (String id : ids) {
            send(request("/api/v1/capture/sources/" + id + "/settings").header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"width\":640,\"height\":360}")).build()).expect(200);
        }
        return this;
    }

    Answer post(String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The open body of a GET (a multipart stream, say); the caller closes it. */
    InputStream stream(String path) {
        try {
            HttpResponse<InputStream> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                String body;
                try (InputStream in = r.body()) {
                    body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
                throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + body);
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        // the server checks Origin on writes; a client of the same machine with the local key sends none
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + key);
    }

    private Answer send(HttpRequest r) {
        try {
            HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
            return new Answer(a.statusCode(), a.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts collecting the server's events (the WebSocket every client follows). */
    CaptureServer listen() throws Exception {
        socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + key)
                .buildAsync(URI.create(url.replaceFirst("^http", "ws") + "/api/v1/events"), new Collector(events))
                .get(60, TimeUnit.SECONDS);
        return this;
    }

    List<JsonNode> events() {
        return List.copyOf(events);
    }

    /** The first event of {@code type} that {@code match} accepts, waiting for it at most {@code max}. */
    JsonNode awaitEvent(String type, Predicate<JsonNode> match, Duration max) {
        return awaitEvent(0, type, match, max);
    }

    /** Like {@link #awaitEvent(String, Predicate, Duration)}, among the events from index {@code from} on. */
    JsonNode awaitEvent(int from, String type, Predicate<JsonNode> match, Duration max) {
        return await("event " + type).atMost(max).pollInterval(Duration.ofMillis(50)).until(
                () -> events.stream().skip(from).filter(e -> e.path("type").asText().equals(type) && match.test(e)).findFirst()
                        .orElse(null), java.util.Objects::nonNull);
    }

    /** Where the next event will be in {@link #events()}. */
    int eventCount() {
        return events.size();
    }

    /** The take as the API reports it. */
    JsonNode take(long id) {
        return get("/api/v1/capture/takes/" + id).expect(200).json();
    }

    /** SIGKILL: no shutdown hook runs; its children go with it (parent-death signal). */
    void kill9() throws InterruptedException {
        if (socket != null) socket.abort();
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("dam serve survived kill -9");
    }

    String log() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 200), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM and a clean exit; the server's output goes to the test's output for whoever reads a failure. */
    @Override
    public void close() throws InterruptedException {
        if (socket != null) socket.abort();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println("---- dam serve on " + home + "\n" + log());
        // the library's log (the server's and the in-process command line's), without its debug lines
        try {
            Files.readAllLines(home.resolve("logs/dam.log")).stream().filter(l -> !l.contains(" DEBUG ")).forEach(System.out::println);
        } catch (IOException e) {
            System.out.println("(no logs/dam.log: " + e.getMessage() + ")");
        }
    }

    /** Every event as JSON, in the order they came. */
    private record Collector(List<JsonNode> into, StringBuilder partial) implements WebSocket.Listener {
        Collector(List<JsonNode> into) {
            this(into, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    into.add(Json.mapper().readTree(partial.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    /** A list field of an answer ({@code {"takes":[…]}}) or the answer itself when it is a list. */
    static List<JsonNode> list(JsonNode answer, String field) {
        JsonNode arr = answer.isArray() ? answer : answer.path(field);
        List<JsonNode> out = new ArrayList<>();
        arr.forEach(out::add);
        return out;
    }
}
