package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.core.Dam;
import org.thatdam.core.json.Json;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.server.DamServer;

/**
 * A real library behind a real server for browser tests: the media folder scanned, every
 * background job run to completion (the job engine keeps running for what tests add), the server
 * on 127.0.0.1 and an ephemeral port, and Playwright with Debian's Chromium.
 */
final class WebFixture implements AutoCloseable {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    final Path media;
    final Dam dam;
    final DamServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Playwright playwright;

    private WebFixture(Path tmp, Path media) throws Exception {
        this.media = media;
        dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(
                ConfigKey.HOME, tmp.resolve("home").toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0")));
        dam.scanner().scan(List.of(media), dam.scanOptions(Optional.empty(), 2));
        dam.engine().start();
        assertThat(dam.engine().awaitIdle(Duration.ofMinutes(2))).as("background jobs finished").isTrue();
        server = DamServer.start(dam, "127.0.0.1", 0);
    }

    static WebFixture start(Path tmp, Path media) throws Exception {
        return new WebFixture(tmp, media);
    }

    Browser launchBrowser() {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium)").exists();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run")));
    }

    String url(String pathAndHash) {
        return "http://127.0.0.1:" + server.port() + pathAndHash;
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("GET %s → %s", path, r.body()).isEqualTo(200);
        return parse(r.body());
    }

    /** A 4xx answer's {"error":{…}} object. */
    JsonNode getJsonError(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("GET %s → %s", path, r.body()).isBetween(400, 499);
        return parse(r.body()).get("error");
    }

    private static JsonNode parse(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** The real path the catalog stores for a file under the media folder. */
    String path(String relative) {
        try {
            return media.resolve(relative).toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long idOf(String relative) {
        String p = path(relative);
        for (JsonNode a : getJson("/api/v1/assets?limit=1000").get("items")) {
            if (a.get("path").asText().equals(p)) return a.get("id").asLong();
        }
        throw new AssertionError("no asset for " + p);
    }

    long assetCount() {
        return getJson("/api/v1/assets?limit=1").get("total").asLong();
    }

    /** A full-page screenshot under target/screenshots, for people to look at. */
    void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        try {
            if (playwright != null) playwright.close();
        } finally {
            try {
                http.close();
                server.close();
            } finally {
                dam.close();
            }
        }
    }
}
