package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.server.LiveServer;

/**
 * The dashboard's uploader in Chromium against the real tus endpoint: two clips dropped on the
 * page become assets with posters (the tray shows their progress and links, a clip sent again is a
 * duplicate of the first); an upload whose connection is cut after its first chunk resumes at the
 * server's offset when the same file is chosen again after a reload, and arrives byte for byte;
 * pause, resume and cancel (which has the server drop the part it received).
 */
class UploadUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<Path>>of("seed.mp4", TestMedia::shortClip))
            .config(ConfigKey.UPLOADS_MAX_FILE_MB, "10").jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    /** The uploader's chunk: a file larger than this goes in several requests. */
    static final long CHUNK = 8L * 1024 * 1024;

    @Override
    WebFixture fixture() {
        return fx;
    }

    /** Waits include the engine making the posters. */
    @Override
    int timeoutMs() {
        return 30_000;
    }

    /** 9.6 MB of 16-bit stereo tone at {@code hz}: two chunks, under the 10 MiB this server takes. */
    static Path largeWav(int hz) {
        return wav(hz, 50);
    }

    static Path wav(int hz, int seconds) {
        return TestMedia.make("upload-" + hz + ".wav",
                List.of("-f", "lavfi", "-i", "sine=frequency=" + hz + ":sample_rate=48000:duration=" + seconds),
                "-c:a", "pcm_s16le", "-ac", "2");
    }

    /** Cuts the connection of every chunk after the first: the upload stops at the server's offset {@value #CHUNK}. */
    static void cutAfterFirstChunk(Route route) {
        var req = route.request();
        if (req.method().equals("PATCH") && !"0".equals(req.headerValue("upload-offset"))) route.abort("connectionreset");
        else route.resume();
    }

    @Test
    void droppedClipsBecomeAssetsWithPostersAndASecondCopyIsADuplicate() {
        Path first = TestMedia.h264Mp4();
        Path second = TestMedia.mkv();
        openLibrary();
        page.locator(".grid .card").first().waitFor();
        long before = fx.assetCount();
        // a batch name for what comes next, in the tray the top bar's button opens
        page.locator("#upload-button").click();
        page.locator("#upload-batch").fill("Holiday 2026");

        // The files are read through an input of the test's own, then dropped on the page in a DataTransfer.
        page.evaluate("() => document.body.append(Object.assign(document.createElement('input'), { type: 'file', multiple: true, id: 'test-files', hidden: true }))");
        page.setInputFiles("#test-files", new Path[] {first, second});
        Object overlayShown = page.evaluate("""
                () => {
                  const dt = new DataTransfer();
                  for (const f of document.getElementById('test-files').files) dt.items.add(f);
                  const fire = (type) => document.querySelector('main').dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
                  fire('dragenter');
                  fire('dragover');
                  const shown = !document.querySelector('.upload-drop').hidden;
                  fire('drop');
                  return shown && document.querySelector('.upload-drop').hidden;
                }""");
        assertThat(overlayShown).as("the drop zone covers the page while files are dragged over it").isEqualTo(true);

        Locator tray = page.locator("#upload-tray");
        assertThat(tray.isVisible()).isTrue();
        until("() => document.querySelectorAll('.upload-item[data-state=done]').length === 2");
        assertThat(tray.locator(".upload-summary").textContent()).contains("2 uploaded, 0 duplicates, 0 failed.");
        assertThat(tray.locator(".upload-item .progress").first().getAttribute("aria-valuenow")).isEqualTo("100");
        assertThat(tray.locator(".upload-item").first().locator(".upload-stats").textContent()).isNotBlank();
        assertThat(fx.assetCount()).isEqualTo(before + 2);
        assertThat(fx.getJson("/api/v1/assets?batch=" + java.net.URLEncoder.encode("Holiday 2026", java.nio.charset.StandardCharsets.UTF_8))
                .get("total").asLong()).isEqualTo(2);

        // Each row links to its new asset; the library shows both with their posters, live.
        List<String> links = tray.locator(".upload-result a").all().stream().map(a -> a.getAttribute("href")).toList();
        assertThat(links).hasSize(2).allMatch(l -> l.matches("#/asset/\\d+"));
        for (String link : links) {
            String id = link.substring("#/asset/".length());
            assertThat(fx.getJson("/api/v1/assets/" + id).get("kind").asText()).isEqualTo("video");
            page.waitForFunction("id => { const i = document.querySelector(`.grid .card[data-id='${id}'] img.poster`);"
                    + " return i && i.complete && i.naturalWidth > 0; }", id);
        }
        assertNoSeriousA11yViolations(page);
        fx.screenshot(page, "upload-tray");
        // (a new card asks for its poster before the engine made it, and again when it is made)
        assertThat(consoleProblems).filteredOn(m -> !m.contains("/poster?")).isEmpty();
        assertThat(policyMessages()).isEmpty();

        // The same clip again, with the picker: a duplicate, linking to the asset it already is.
        tray.locator(".upload-summary button").click(); // clear the finished rows
        assertThat(tray.locator(".upload-item").count()).isZero();
        page.setInputFiles("#upload-files", first);
        until("() => !!document.querySelector('.upload-item[data-state=duplicate]')");
        assertThat(tray.locator(".upload-item[data-state=duplicate] .upload-result a").getAttribute("href"))
                .isEqualTo(links.get(0));
        assertThat(tray.locator(".upload-summary").textContent()).contains("0 uploaded, 1 duplicate, 0 failed.");
        assertThat(fx.assetCount()).isEqualTo(before + 2);
    }

    @Test
    void aFileChosenAgainAfterAReloadResumesAtTheServersOffset() throws Exception {
        Path wav = largeWav(330);
        openLibrary();
        page.locator("#upload-button").waitFor();

        // The connection is cut after the first chunk: the uploader keeps trying, and says so.
        page.route("**/api/v1/uploads/**", UploadUiTest::cutAfterFirstChunk);
        page.setInputFiles("#upload-files", wav);
        until("() => document.querySelector('.upload-item .upload-note')?.textContent.includes('Connection lost')");
        String url = storedUploadUrl();
        assertThat(offset(url)).isEqualTo(CHUNK);

        // A reload forgets the file; the tray remembers the upload and asks for the file again.
        page.reload();
        page.unroute("**/api/v1/uploads/**");
        page.locator("#upload-button").click();
        page.locator(".upload-stored li").filter(new Locator.FilterOptions().setHasText(wav.getFileName().toString())).waitFor();
        page.setInputFiles("#upload-files", wav);
        Locator row = page.locator(".upload-item");
        until("() => document.querySelector('.upload-item .upload-note')?.textContent.startsWith('Resumed at')");
        long expectedPct = CHUNK * 100 / Files.size(wav);
        assertThat(row.locator(".upload-note").textContent()).isEqualTo("Resumed at " + expectedPct + " %");
        until("() => !!document.querySelector('.upload-item[data-state=done]')");
        assertThat(page.locator(".upload-stored").isHidden()).as("nothing left to resume").isTrue();

        JsonNode result = fx.getJson(path(url) + "/result");
        assertThat(result.get("state").asText()).isEqualTo("catalogued");
        assertThat(Files.mismatch(wav, Path.of(result.get("path").asText()))).as("the file arrived byte for byte").isEqualTo(-1L);
        assertThat(storedUploadUrls()).as("a finished upload is forgotten").isEmpty();
    }

    @Test
    void aCutConnectionIsRetriedByItself() {
        Path wav = largeWav(770);
        openLibrary();
        page.locator("#upload-button").waitFor();
        boolean[] cut = {false};
        page.route("**/api/v1/uploads/**", route -> {
            if (!cut[0] && route.request().method().equals("PATCH") && !"0".equals(route.request().headerValue("upload-offset"))) {
                cut[0] = true;
                route.abort("connectionreset");
            } else {
                route.resume();
            }
        });
        page.setInputFiles("#upload-files", wav);
        until("() => !!document.querySelector('.upload-item[data-state=done]')");
        assertThat(cut[0]).as("the second chunk's first try was cut").isTrue();
        assertThat(page.locator(".upload-item .upload-error").isHidden()).isTrue();
        assertThat(page.locator(".upload-summary").textContent()).contains("1 uploaded, 0 duplicates, 0 failed.");

        // The tray folds to its head from the keyboard, and opens again.
        Locator collapse = page.locator("#upload-tray .upload-collapse");
        collapse.focus();
        page.keyboard().press("Enter");
        assertThat(collapse.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(page.locator("#upload-tray-body").isHidden()).isTrue();
        page.keyboard().press("Space");
        assertThat(page.locator("#upload-tray-body").isVisible()).isTrue();
    }

    @Test
    void pauseResumeAndCancel() {
        Path paused = largeWav(440);
        Path cancelled = largeWav(550);
        openLibrary();
        page.locator("#upload-button").waitFor();
        page.route("**/api/v1/uploads/**", UploadUiTest::cutAfterFirstChunk);

        // Paused while the connection is down, resumed once it is back: it completes.
        page.setInputFiles("#upload-files", paused);
        Locator row = page.locator(".upload-item").first();
        until("() => document.querySelector('.upload-item .upload-note')?.textContent.includes('Connection lost')");
        row.locator("button[data-action=pause]").click();
        assertThat(row.getAttribute("data-state")).isEqualTo("paused");
        page.unroute("**/api/v1/uploads/**");
        row.locator("button[data-action=resume]").focus();
        page.keyboard().press("Enter");
        until("() => !!document.querySelector('.upload-item[data-state=done]')");

        // Cancelled: the row goes, the server drops the part it had, the browser forgets it.
        page.route("**/api/v1/uploads/**", UploadUiTest::cutAfterFirstChunk);
        page.setInputFiles("#upload-files", cancelled);
        Locator second = page.locator(".upload-item").nth(1);
        until("() => document.querySelectorAll('.upload-item')[1]?.querySelector('.upload-note').textContent.includes('Connection lost')");
        String url = storedUploadUrl();
        second.locator("button[data-action=cancel]").click();
        until("() => document.querySelectorAll('.upload-item').length === 1");
        until("() => !Object.keys(localStorage).some((k) => k.startsWith('tus::'))");
        assertThat(head(url).statusCode()).as("the server no longer has it").isIn(404, 410);
    }

    @Test
    void aChosenFolderKeepsItsSubFolders() {
        Path card = fx.tmp().resolve("card");
        TestMedia.copy(TestMedia.webm(), card.resolve("day 1"), "take.webm");
        openLibrary();
        page.locator("#upload-button").click();
        page.setInputFiles("#upload-folder", card);
        until("() => !!document.querySelector('.upload-item[data-state=done]')");
        assertThat(page.locator(".upload-item").getAttribute("data-name")).isEqualTo("card/day 1/take.webm");
        String id = page.locator(".upload-result a").getAttribute("href").substring("#/asset/".length());
        assertThat(fx.getJson("/api/v1/assets/" + id).get("path").asText()).endsWith("/card/day 1/take.webm");
    }

    @Test
    void aFileOverTheLimitFailsWithTheServersReason() {
        Path tooLarge = wav(660, 60); // 11.5 MB
        openLibrary();
        page.locator("#upload-button").click();
        page.setInputFiles("#upload-files", tooLarge);
        until("() => !!document.querySelector('.upload-item[data-state=failed]')");
        assertThat(page.locator(".upload-item .upload-error").textContent()).contains("uploads.max-file-mb").doesNotContain("tus:");
        assertThat(page.locator(".upload-summary").textContent()).contains("0 uploaded, 0 duplicates, 1 failed.");
        assertThat(page.locator(".upload-item button[data-action=resume]").textContent()).isEqualTo("Try again");
    }

    @Test
    void aViewerHasNoUploadButtonNorDropZone() {
        if (live.dam().users().list().stream().noneMatch(u -> u.name().equals("vera"))) {
            live.dam().users().add("vera", Role.VIEWER, LiveServer.PASSWORD, Principal.commandLine(), null);
        }
        String token = live.dam().sessions().login("vera", LiveServer.PASSWORD, "127.0.0.1", "tests").token();
        newAnonymousPage(1280, 900);
        context.addCookies(List.of(new Cookie("dam_session", token).setUrl(fx.url("/"))));
        page.navigate(fx.url("/#/library"));
        page.locator(".grid .card").first().waitFor();
        assertThat(page.locator("#user-role").textContent()).isEqualTo("viewer");
        assertThat(page.locator("#upload-button").isVisible()).isFalse();
        Object dropped = page.evaluate("""
                () => {
                  const dt = new DataTransfer();
                  dt.items.add(new File(['x'], 'x.mp4', { type: 'video/mp4' }));
                  const e = new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt });
                  document.querySelector('main').dispatchEvent(e);
                  return e.defaultPrevented || !document.querySelector('.upload-drop').hidden;
                }""");
        assertThat(dropped).as("no drop zone for a viewer").isEqualTo(false);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The library, logged in, with the dashboard's service worker blocked: once it controls the page
     * the requests go through it, out of reach of the routes that cut connections.
     */
    void openLibrary() {
        newPage(new Browser.NewContextOptions().setViewportSize(1280, 900).setServiceWorkers(ServiceWorkerPolicy.BLOCK));
        page.navigate(fx.url("/#/library"));
    }

    /** Waits until {@code js} holds in the page; a timeout says what the tray showed then. */
    void until(String js) {
        try {
            page.waitForFunction(js);
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("waited for " + js + "; the tray shows: "
                    + page.evaluate("() => document.getElementById('upload-tray')?.innerText"), e);
        }
    }

    /** The one unfinished upload's address, as the browser keeps it for resuming. */
    String storedUploadUrl() {
        List<String> urls = storedUploadUrls();
        assertThat(urls).hasSize(1);
        return urls.get(0);
    }

    @SuppressWarnings("unchecked")
    List<String> storedUploadUrls() {
        return (List<String>) page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('tus::'))"
                + ".map((k) => JSON.parse(localStorage.getItem(k)).uploadUrl)");
    }

    static String path(String url) {
        return java.net.URI.create(url).getPath();
    }

    static HttpResponse<String> head(String url) {
        return live.send(HttpRequest.newBuilder(live.uri(path(url))).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Tus-Resumable", "1.0.0"));
    }

    static long offset(String url) {
        HttpResponse<String> r = head(url);
        assertThat(r.statusCode()).isEqualTo(200);
        return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
    }
}
