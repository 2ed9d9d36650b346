package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.thatdam.core.Dam;
import org.thatdam.server.LiveServer;
import org.thatdam.core.json.Json;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.server.DamServer;

/**
 * Playwright with Debian's Chromium, for a class's browser tests against a {@link LiveServer}
 * (register it after the server), plus the page-side helpers those tests share. The browser is
 * borrowed for the class from a pool kept for the whole test run (starting Playwright's driver and
 * Chromium costs seconds per class); each test has its own browser context, and the contexts a
 * class leaves open are closed before the browser serves another class.
 *
 * <pre>
 * &#64;RegisterExtension static final LiveServer live = LiveServer.withMedia(MEDIA).jobsDone();
 * &#64;RegisterExtension static final WebFixture fx = new WebFixture(live);
 * </pre>
 */
final class WebFixture implements BeforeAllCallback, AfterAllCallback {

    /**
     * Debian's build of Chromium's headless shell: the browser engine without the desktop browser
     * around it, the build Playwright itself runs headless. It renders what Chromium renders, for
     * about 40 % less CPU (measured on four browser test classes: 219 → 128 CPU-seconds).
     */
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium-headless-shell");
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private final LiveServer live;
    private Browsers.Lease lease;

    WebFixture(LiveServer live) {
        this.live = live;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        lease = Browsers.of(context).borrow();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (lease != null) lease.giveBack();
    }

    Browser browser() {
        return lease.browser();
    }

    /**
     * Playwright + Chromium instances shared by the browser test classes of the test run, one per
     * class running at the same time. Playwright is not thread-safe: an instance serves one class at
     * a time (the queue hands it from one thread to the next); they are closed when the run ends.
     */
    static final class Browsers implements AutoCloseable {

        private final java.util.concurrent.BlockingQueue<Lease> idle = new java.util.concurrent.LinkedBlockingQueue<>();
        private final List<Lease> all = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        static Browsers of(ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(Browsers.class, k -> new Browsers(), Browsers.class);
        }

        Lease borrow() {
            Lease l = idle.poll();
            if (l != null && l.browser().isConnected()) return l;
            if (l != null) l.close();
            return start();
        }

        private Lease start() {
            assertThat(CHROMIUM).as("Debian's Chromium headless shell (apt-get install chromium-headless-shell)").exists();
            Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run")));
            Lease l = new Lease(this, playwright, browser);
            all.add(l);
            return l;
        }

        @Override
        public void close() {
            for (Lease l : List.copyOf(all)) l.close();
        }

        record Lease(Browsers pool, Playwright playwright, Browser browser) {
            /** Closes what the class left open (its contexts, their pages) and returns the browser to the pool. */
            void giveBack() {
                try {
                    for (var c : List.copyOf(browser.contexts())) c.close();
                } catch (RuntimeException e) {
                    close(); // a browser in a bad state serves no other class
                    return;
                }
                pool.idle.add(this);
            }

            void close() {
                if (pool.all.remove(this)) playwright.close();
            }
        }
    }

    private String sessionToken;

    /** The session cookie of a login as the library's admin (one login per class: hashing costs). */
    synchronized com.microsoft.playwright.options.Cookie sessionCookie() {
        if (sessionToken == null) {
            sessionToken = dam().sessions().login(LiveServer.ADMIN, LiveServer.PASSWORD, "127.0.0.1", "tests").token();
        }
        return new com.microsoft.playwright.options.Cookie("dam_session", sessionToken).setUrl(url("/"));
    }

    Dam dam() {
        return live.dam();
    }

    /** The scanned media folder. */
    Path media() {
        return live.mediaDir();
    }

    /** A temp folder of the class's own, next to the media folder. */
    Path tmp() {
        return live.tmp();
    }

    String url(String pathAndHash) {
        return live.url(pathAndHash);
    }

    HttpResponse<String> get(String path) {
        return live.get(path);
    }

    JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("GET %s → %s", path, r.body()).isEqualTo(200);
        return LiveServer.parse(r.body());
    }

    /** A 4xx answer's {"error":{…}} object. */
    JsonNode getJsonError(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as("GET %s → %s", path, r.body()).isBetween(400, 499);
        return LiveServer.parse(r.body()).get("error");
    }

    /** The real path the catalog stores for a file under the media folder. */
    String path(String relative) {
        try {
            return media().resolve(relative).toRealPath().toString();
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

    /**
     * Every page a signed-in admin reaches on the standard media ({@link LiveServer#withMedia()}),
     * name → hash route: the accessibility and the phone audits go through the same list.
     */
    Map<String, String> signedInPages() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("library", "#/library");
        pages.put("search", "#/search?q=tone");
        pages.put("asset video", "#/asset/" + idOf("trip/clip.mp4"));
        pages.put("asset image", "#/asset/" + idOf("trip/stills/frame.png"));
        pages.put("asset audio", "#/asset/" + idOf("trip/tone.mp3"));
        pages.put("asset failed", "#/asset/" + idOf("old/broken.mp4"));
        pages.put("batches", "#/batches");
        pages.put("batch", "#/batch/trip");
        pages.put("explorer", "#/explorer");
        pages.put("jobs", "#/jobs");
        pages.put("jobs by kind", "#/jobs?view=kind");
        pages.put("jobs as a list", "#/jobs?view=list");
        pages.put("scan", "#/scan");
        pages.put("stats", "#/stats");
        pages.put("map", "#/map");
        pages.put("processing", "#/ffmpeg");
        pages.put("account", "#/account");
        pages.put("users", "#/users");
        pages.put("audit", "#/audit");
        pages.put("fields", "#/fields");
        return pages;
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
}
