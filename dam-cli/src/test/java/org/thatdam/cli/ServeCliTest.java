package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CopyOnWriteArrayList;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.core.serve.ServerLock;
import org.thatdam.storage.DataLayout;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.json.Json;
import org.thatdam.media.testing.TestMedia;

/**
 * Real processes on one library: a running `dam serve` owns the index; a second server is refused;
 * `dam scan` in another process reaches the server's search; `dam search`/`dam reindex` go through it.
 */
class ServeCliTest {

    @TempDir Path tmp;

    static Process dam(Path log, String... args) throws IOException {
        List<String> cmd = CliRunner.childJava(Main.class, args);
        return new ProcessBuilder(cmd).redirectOutput(log.toFile()).redirectError(log.resolveSibling(log.getFileName() + ".err").toFile())
                .start();
    }

    static void until(String what, BooleanSupplier condition) {
        await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    static JsonNode get(String url) {
        return get(url, null);
    }

    /** GETs as the holder of {@code key} (the local key of server.json), or anonymously when it is null. */
    static JsonNode get(String url, String key) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
            if (key != null) b.header("Authorization", "Bearer " + key);
            return Json.mapper().readTree(http.send(b.build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void oneServerPerLibraryAndTheCliWorksThroughIt() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media.resolve("Trip"), "harbour.mp4");
        CliRunner.age(media);
        Path home = tmp.resolve("home");
        CliRunner cli = new CliRunner(home);
        assertThat(cli.run("scan", media.toString()).code()).isZero();

        Process server = dam(tmp.resolve("serve.out"), "serve", "--port", "0", "--no-jobs", "--no-scan", "--home", home.toString());
        try {
            Path json = home.resolve("server.json");
            until("server.json written", () -> Files.exists(json));
            JsonNode endpoint = Json.mapper().readTree(json.toFile());
            assertThat(endpoint.path("pid").asLong()).isEqualTo(server.pid());
            String url = endpoint.path("url").asText();
            assertThat(url).startsWith("http://127.0.0.1:");
            String token = endpoint.path("token").asText();
            assertThat(token).isNotBlank();
            // The local key: only the library's owner may read it, and it acts as admin.
            String key = endpoint.path("localKey").asText();
            assertThat(key).isNotBlank().isNotEqualTo(token);
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(json))).isEqualTo("rw-------");
            assertThat(get(url + "/api/v1/roots").path("error").path("code").asText())
                    .as("without users or a key nothing is answered").isEqualTo("setup_required");
            assertThat(get(url + "/api/v1/roots", key).isArray()).isTrue();
            try (HttpClient http = HttpClient.newHttpClient()) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/roots")).build(),
                        HttpResponse.BodyHandlers.discarding()).headers().firstValue("X-Dam-Library")).contains(token);
            }
            until("index open", () -> get(url + "/ready").path("status").asText().equals("ready"));

            // A second server on the same library: refused with one line, exit 4 (conflict).
            Process second = dam(tmp.resolve("second.out"), "serve", "--port", "0", "--home", home.toString());
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(4);
            assertThat(Files.readString(tmp.resolve("second.out.err")).strip()).isEqualTo(
                    "dam: another server is already running on this library (pid " + server.pid() + ", " + url
                            + "); stop it first");
            assertThat(Files.readString(json)).as("the running server's file is untouched").contains(url);

            // A scan in another process: the server's search shows it without being told.
            TestMedia.copy(TestMedia.shortClip(), media.resolve("Trip"), "lighthouse.mp4");
            CliRunner.age(media);
            Process scan = dam(tmp.resolve("scan.out"), "scan", media.toString(), "--home", home.toString());
            assertThat(scan.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(scan.exitValue()).as(Files.readString(tmp.resolve("scan.out.err"))).isZero();
            until("the other process's scan reached the server's search",
                    () -> get(url + "/api/v1/search?q=" + URLEncoder.encode("lighthouse", StandardCharsets.UTF_8), key)
                            .path("total").asInt() == 1);

            // The CLI searches and reindexes through the server (the index is open there).
            CliRunner.Result search = cli.run("search", "lighthouse", "--json");
            assertThat(search.code()).as(search.err()).isZero();
            assertThat(search.json().path("total").asInt()).isEqualTo(1);
            assertThat(search.json().path("items").get(0).path("path").asText()).endsWith("lighthouse.mp4");
            CliRunner.Result human = cli.run("search", "kind:video");
            assertThat(human.code()).as(human.err()).isZero();
            assertThat(human.out()).contains("harbour.mp4").contains("2 match(es)");
            CliRunner.Result bad = cli.run("search", "\"unbalanced");
            assertThat(bad.code()).as("the server's bad_query is invalid input here too").isEqualTo(2);
            assertThat(bad.err()).startsWith("dam: ").contains("quote").doesNotContain("Exception");
            CliRunner.Result reindex = cli.run("reindex");
            assertThat(reindex.code()).as(reindex.err()).isZero();
            assertThat(reindex.out()).contains("indexed 2 asset(s)");
        } finally {
            server.destroy();   // SIGTERM: a clean exit
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(home.resolve("server.json")).as("removed on a clean exit").doesNotExist();
        // Without a server the CLI opens the index itself again.
        CliRunner.Result direct = cli.run("search", "lighthouse", "--json");
        assertThat(direct.code()).as(direct.err()).isZero();
        assertThat(direct.json().path("total").asInt()).isEqualTo(1);
    }

    @Test
    void aStaleServerFileIsIgnored() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        // What a killed server leaves: a server.json and an unlocked server.lock.
        Files.writeString(home.resolve("server.json"), "{\"pid\": 999999, \"host\": \"127.0.0.1\", \"port\": 9,"
                + " \"url\": \"http://127.0.0.1:9\", \"startedAt\": \"2024-01-01T00:00:00Z\"}");
        Files.writeString(home.resolve("server.lock"), "");
        CliRunner cli = new CliRunner(home);
        CliRunner.Result r = cli.run("search", "anything", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().path("total").asInt()).isZero();
    }

    /** A foreign program on loopback that answers everything with a search result of its own, and counts requests. */
    static HttpServer impostor(List<String> requests, String token) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            byte[] body = "{\"total\":1,\"items\":[],\"facets\":{},\"tookMs\":0}".getBytes(StandardCharsets.UTF_8);
            if (token != null) ex.getResponseHeaders().add("X-Dam-Library", token);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
        return http;
    }

    static ServerEndpoint endpoint(String host, int port, String token) {
        return new ServerEndpoint(ProcessHandle.current().pid(), host, port, "http://" + host + ":" + port,
                java.time.Instant.now(), token, "local-key", null);
    }

    @Test
    void takingTheLockRemovesAStaleServerFile() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("server.json"), "{\"pid\": 999999, \"host\": \"127.0.0.1\", \"port\": 9,"
                + " \"url\": \"http://127.0.0.1:9\", \"startedAt\": \"2024-01-01T00:00:00Z\", \"token\": \"old\"}");
        try (ServerLock lock = ServerLock.acquire(new DataLayout(home).create())) {
            assertThat(home.resolve("server.json")).as("nobody is sent to the dead server's address").doesNotExist();
        }
    }

    @Test
    void aServerThatDoesNotAnswerThisLibrarysTokenIsNotAsked() throws Exception {
        Path home = tmp.resolve("home");
        CliRunner cli = new CliRunner(home);
        assertThat(cli.run("roots", "list").code()).isZero();
        DataLayout layout = new DataLayout(home).create();
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer other = impostor(requests, "another-library");
        try (ServerLock lock = ServerLock.acquire(layout)) {
            lock.publish(endpoint("127.0.0.1", other.getAddress().getPort(), "this-library"));
            // The lock is held and the address answers as another library: refused, nothing searched there.
            CliRunner.Result r = cli.run("search", "anything", "--json");
            assertThat(r.code()).as("conflict").isEqualTo(4);
            assertThat(r.err()).startsWith("dam: server.json names a server that is not this library's; ignoring it\n")
                    .doesNotContain("Exception");
            assertThat(requests).noneMatch(q -> q.contains("/api/"));
        } finally {
            other.stop(0);
        }
        // Once the lock is free, the CLI uses the library itself.
        CliRunner.Result direct = cli.run("search", "anything", "--json");
        assertThat(direct.code()).as(direct.err()).isZero();
        assertThat(direct.json().path("total").asInt()).isZero();
    }

    @Test
    void aServerFileNamingAnotherMachineIsRefused() throws Exception {
        Path home = tmp.resolve("home");
        CliRunner cli = new CliRunner(home);
        assertThat(cli.run("roots", "list").code()).isZero();
        try (ServerLock lock = ServerLock.acquire(new DataLayout(home).create())) {
            lock.publish(endpoint("192.0.2.7", 8080, "this-library"));
            CliRunner.Result r = cli.run("search", "anything");
            assertThat(r.code()).as("forbidden").isEqualTo(5);
            assertThat(r.err().strip()).isEqualTo("dam: server.json names the address 192.0.2.7, which is not this"
                    + " machine's loopback: refusing to connect");
        }
    }

    @Test
    void aServerOnEveryInterfaceIsReachedOnLoopback() {
        assertThat(endpoint("0.0.0.0", 8080, "t").localUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(endpoint("::", 8080, "t").localUrl()).isEqualTo("http://[::1]:8080");
        assertThat(endpoint("::1", 8080, "t").localUrl()).isEqualTo("http://[::1]:8080");
        assertThatThrownBy(() -> endpoint("example.org", 80, "t").localUrl())
                .isInstanceOf(ServerEndpoint.NotLoopbackException.class);
    }
}
