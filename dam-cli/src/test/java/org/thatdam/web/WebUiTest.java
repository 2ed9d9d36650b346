package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.server.LiveServer;

/**
 * The web dashboard in a real browser (Debian's Chromium driven by Playwright) against a real
 * server: a library of generated media, scanned, with every poster, sprite and proxy made.
 *
 * <pre>
 * media/trip/clip.mp4                        20 s H.264 256x144, key frame every 2 s (sprites)
 * media/trip/six.mp4                         6 s H.264 320x240
 * media/trip/blink.mp4                       0.4 s H.264 160x120
 * media/old/legacy.avi                       MS-MPEG4v3 AVI: needs a transcoded proxy
 * media/old/broken.mp4                       random bytes: failed
 * media/Screen Records/tone.mp3             MP3 (a batch name with a space)
 * media/stills/frame.png                     PNG
 * media/weird/&lt;img src=x onerror=alert(1)&gt;.mp4   a hostile file name
 * </pre>
 */
class WebUiTest extends BrowserPages {

    static final String XSS_NAME = "<img src=x onerror=alert(1)>";

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "trip/clip.mp4", TestMedia::spriteClip,
            "trip/six.mp4", () -> TestMedia.clip(6, "320x240"),
            "trip/blink.mp4", () -> TestMedia.clip(0.4, "160x120"),
            "old/legacy.avi", TestMedia::aviMsmpeg4v3,
            "old/broken.mp4", TestMedia::randomBytesMp4,
            "Screen Records/tone.mp3", TestMedia::mp3,
            "stills/frame.png", TestMedia::png,
            "weird/" + XSS_NAME + ".mp4", TestMedia::h264Mp4)).jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    Page open(String hash) {
        return open(hash, 1280, 860);
    }

    /** Opens an asset page, recording the server's 206 answers to the player's Range requests. */
    List<Response> openWatchingProxy(long id) {
        List<Response> ranged = Collections.synchronizedList(new ArrayList<>());
        newPage(1280, 860);
        page.onResponse(r -> {
            if (r.url().endsWith("/api/v1/assets/" + id + "/proxy") && r.status() == 206) ranged.add(r);
        });
        page.navigate(fx.url("/#/asset/" + id));
        return ranged;
    }

    Locator card(Page p, String title) {
        return p.locator(".card").filter(new Locator.FilterOptions().setHas(
                p.locator(".card-title", new Page.LocatorOptions().setHasText(title))));
    }

    // ------------------------------------------------------------------ library

    @Test
    void libraryShowsPostersDurationsAndFailedFiles() {
        open("#/library");
        Locator clip = card(page, "clip");
        clip.waitFor();
        Locator poster = clip.locator("img.poster");
        page.waitForFunction("img => img.complete && img.naturalWidth > 0", poster.elementHandle());
        assertThat((Number) poster.evaluate("img => img.naturalWidth")).satisfies(n -> assertThat(n.intValue()).isPositive());
        assertThat(poster.getAttribute("src")).isEqualTo("/api/v1/assets/" + fx.idOf("trip/clip.mp4") + "/poster?size=small");
        assertThat(poster.getAttribute("loading")).isEqualTo("lazy");
        assertThat(clip.locator(".badge-duration").textContent()).matches("0:20\\.\\d");
        assertThat(card(page, "six").locator(".badge-duration").textContent()).matches("0:06\\.\\d");
        assertThat(card(page, "blink").locator(".badge-duration").textContent()).as("under a second").matches("0:00\\.[45]");

        Locator broken = card(page, "broken");
        assertThat(broken.locator(".badge-failed").textContent()).isEqualTo("failed");
        assertThat(broken.locator("img").count()).isZero();
        assertThat(broken.locator(".placeholder").textContent()).contains("Unreadable");
        assertThat(page.locator(".grid .card").count()).isEqualTo(fx.assetCount());
        assertThat(page.locator("h1 .count").textContent()).isEqualTo(fx.assetCount() + " assets");
        page.waitForSelector("#conn[data-state=open]");
        fx.screenshot(page, "library");

        // Filters go to the API and into the address.
        page.locator(".toolbar select[name=status]").selectOption("failed");
        page.waitForFunction("() => location.hash === '#/library?status=failed'");
        page.waitForFunction("() => document.querySelectorAll('.grid .card').length === 1");
        assertThat(page.locator(".grid .card .card-title").textContent()).isEqualTo("broken");
        page.locator(".toolbar select[name=status]").selectOption("");
        page.locator(".toolbar select[name=sort]").selectOption("duration");
        page.waitForFunction("n => document.querySelectorAll('.grid .card').length === n", (int) fx.assetCount());
        assertThat(page.locator(".grid .card .card-title").first().textContent()).isEqualTo("clip"); // 20 s, the longest
    }

    @Test
    void hoveringACardScrubsThroughTheSprite() {
        open("#/library");
        Locator clip = card(page, "clip");
        clip.waitFor();
        var box = clip.locator(".thumb").boundingBox();
        page.mouse().move(box.x + box.width * 0.1, box.y + box.height / 2);
        page.waitForSelector(".card.scrubbing .tile");
        Locator tile = clip.locator(".tile");
        String image = tile.evaluate("t => t.style.backgroundImage").toString();
        String early = tile.evaluate("t => t.style.backgroundPosition").toString();
        assertThat(image).contains("/api/v1/assets/" + fx.idOf("trip/clip.mp4") + "/sprites/0.jpg");
        page.mouse().move(box.x + box.width * 0.9, box.y + box.height / 2);
        page.waitForFunction("([t, before]) => t.style.backgroundPosition !== before",
                List.of(tile.elementHandle(), early));
        String late = tile.evaluate("t => t.style.backgroundPosition").toString();
        assertThat(late).isNotEqualTo(early);
        assertThat(clip.locator(".badge-duration").textContent()).matches("0:18\\.\\d"); // the time under the cursor
        assertThat((Boolean) tile.evaluate("t => getComputedStyle(t).opacity === '1'")).isTrue();
        // The sheet really loads (a tile of a real image, not a broken URL).
        Object sheetOk = page.evaluate("url => new Promise(r => { const i = new Image(); i.onload = () => r(i.naturalWidth); i.onerror = () => r(0); i.src = url; })",
                image.replaceAll("^url\\(\"?|\"?\\)$", ""));
        assertThat(((Number) sheetOk).intValue()).isPositive();
        fx.screenshot(page, "library-scrub");
        page.mouse().move(5, 5);
        page.waitForSelector(".card.scrubbing", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.DETACHED));
    }

    // ------------------------------------------------------------------ asset page

    @Test
    void assetPagePlaysAndSeeksTheProxy() {
        long id = fx.idOf("trip/clip.mp4");
        List<Response> ranged = openWatchingProxy(id);
        playAndSeek(id, 15.0);
        assertThat(ranged).as("206 answers to the video's Range requests").isNotEmpty();
        assertThat(ranged.get(0).headerValue("content-range")).startsWith("bytes ");
        // The scrub bar under the player previews tiles and seeks.
        Locator bar = page.locator(".scrub-track");
        var box = bar.boundingBox();
        page.mouse().move(box.x + box.width * 0.25, box.y + box.height / 2);
        page.waitForSelector(".scrub-preview:not([hidden]) .tile");
        assertThat(page.locator(".scrub-time").textContent()).isEqualTo("0:05.0");
        page.mouse().click(box.x + box.width * 0.25, box.y + box.height / 2);
        page.waitForFunction("() => Math.abs(document.querySelector('video').currentTime - 5) < 0.6");
        // Everything about the asset is on the page (in its tabs).
        assertThat(page.locator("h1.asset-title").textContent()).isEqualTo("clip");
        assertThat(page.locator(".meta-grid").textContent()).contains("Video codec", "h264", "256×144", "Quick hash");
        assertThat(page.locator("table.streams").textContent()).contains("video", "audio", "aac");
        assertThat(page.locator(".panel", new Page.LocatorOptions().setHasText("Locations")).textContent())
                .contains(fx.path("trip/clip.mp4"));
        assertThat(page.locator("#asset-panel-history .job").count()).isGreaterThanOrEqualTo(3);
        assertThat(page.locator("#asset-panel-history .job[data-state=done]").count()).isEqualTo(page.locator("#asset-panel-history .job").count());
        fx.screenshot(page, "asset");
    }

    @Test
    void aviPlaysThroughItsTranscodedProxy() {
        long id = fx.idOf("old/legacy.avi");
        JsonNode details = fx.getJson("/api/v1/assets/" + id);
        assertThat(details.get("proxyPath").asText()).endsWith("proxy.mp4");
        List<Response> ranged = openWatchingProxy(id);
        playAndSeek(id, 1.5);
        assertThat(ranged).isNotEmpty();
        assertThat(ranged.get(0).headerValue("content-type")).isEqualTo("video/mp4");
    }

    private void playAndSeek(long id, double seekTo) {
        Locator video = page.locator("video");
        video.waitFor();
        assertThat(video.getAttribute("src")).isEqualTo("/api/v1/assets/" + id + "/proxy");
        assertThat(video.getAttribute("preload")).isEqualTo("metadata");
        assertThat(video.getAttribute("controls")).as("the page's own controls instead").isNull();
        page.waitForFunction("v => v.readyState >= 2", video.elementHandle());
        assertThat(((Number) video.evaluate("v => v.readyState")).intValue()).isGreaterThanOrEqualTo(2);
        video.evaluate("v => { v.muted = true; return v.play(); }");
        page.waitForFunction("v => v.currentTime > 0.3", video.elementHandle());
        video.evaluate("v => v.pause()");
        video.evaluate("(v, t) => new Promise(r => { v.addEventListener('seeked', () => r(), { once: true }); v.currentTime = t; })", seekTo);
        double now = ((Number) video.evaluate("v => v.currentTime")).doubleValue();
        assertThat(now).isCloseTo(seekTo, org.assertj.core.data.Offset.offset(0.3));
        page.waitForFunction("v => v.readyState >= 2", video.elementHandle());
        assertThat(video.evaluate("v => v.error && v.error.message")).isNull();
    }

    @Test
    void editingTitleAndTagsPersists() {
        long id = fx.idOf("trip/six.mp4");
        open("#/asset/" + id);
        Locator title = page.locator(".edit-form input[name=title]");
        title.fill("Sunset over the bay");
        page.locator(".edit-form input[name=tags]").fill("beach, drone ,  golden hour");
        page.locator(".edit-form textarea[name=description]").fill("Shot from the pier.");
        page.locator(".edit-form input[name=batch]").fill("Summer");
        page.locator(".edit-form button[type=submit]").click();
        page.waitForSelector(".edit-form .form-status.ok");
        assertThat(page.locator("h1.asset-title").textContent()).isEqualTo("Sunset over the bay");

        page.reload();
        page.locator(".edit-form input[name=title]").waitFor();
        assertThat(page.locator(".edit-form input[name=title]").inputValue()).isEqualTo("Sunset over the bay");
        assertThat(page.locator(".edit-form input[name=tags]").inputValue()).isEqualTo("beach, drone, golden hour");
        assertThat(page.locator(".edit-form textarea[name=description]").inputValue()).isEqualTo("Shot from the pier.");
        assertThat(page.locator(".tags .chip").allTextContents()).containsExactly("beach", "drone", "golden hour");
        assertThat(page.locator(".crumbs").textContent()).contains("Summer");

        JsonNode a = fx.getJson("/api/v1/assets/" + id);
        assertThat(a.get("title").asText()).isEqualTo("Sunset over the bay");
        List<String> tags = new ArrayList<>();
        a.get("tags").forEach(t -> tags.add(t.asText()));
        assertThat(tags).containsExactly("beach", "drone", "golden hour");
        assertThat(a.get("description").asText()).isEqualTo("Shot from the pier.");
        assertThat(a.get("batch").asText()).isEqualTo("Summer");

        // A bad edit shows the server's message and changes nothing.
        page.locator(".edit-form input[name=title]").fill("   ");
        page.locator(".edit-form button[type=submit]").click();
        page.waitForSelector(".edit-form .form-status.error-text");
        assertThat(page.locator(".edit-form .form-status").textContent()).contains("title must not be empty");
        assertThat(fx.getJson("/api/v1/assets/" + id).get("title").asText()).isEqualTo("Sunset over the bay");
    }

    // ------------------------------------------------------------------ search

    @Test
    void searchWithFacets() {
        assertThat(fx.get("/api/v1/search?q=clip").statusCode()).isEqualTo(200);
        open("#/search");
        Locator input = page.locator(".query-input");
        input.fill("clip");
        page.waitForFunction("() => location.hash.includes('q=clip')");
        page.waitForFunction("() => document.querySelectorAll('.results .card').length === 1");
        assertThat(card(page, "clip").count()).isEqualTo(1);
        assertThat(page.locator(".search-summary").textContent()).matches("\\d+ results?.*");

        input.fill("");
        input.press("Enter");
        page.waitForFunction("n => document.querySelectorAll('.results .card').length === n", (int) fx.assetCount());
        Locator video = page.locator(".facet[data-facet=kind] .facet-value[data-value=video]");
        int videos = Integer.parseInt(video.locator(".chip-count").textContent());
        video.locator("input").check();
        page.waitForFunction("n => document.querySelectorAll('.results .card').length === n", videos);
        assertThat(input.inputValue()).as("a facet is not written into the query").isEmpty();
        assertThat(page.locator(".results .card").evaluateAll("cs => cs.map(c => c.dataset.kind)").toString())
                .doesNotContain("audio", "image");
        fx.screenshot(page, "search-live");
        // Unchecking it takes the filter out.
        video.locator("input").uncheck();
        page.waitForFunction("n => document.querySelectorAll('.results .card').length === n", (int) fx.assetCount());

        input.fill("title:\"unbalanced");
        input.press("Enter");
        page.waitForSelector(".error-box:not([hidden])");
        JsonNode err = fx.getJsonError("/api/v1/search?q=" + java.net.URLEncoder.encode("title:\"unbalanced", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page.locator(".error-box .query-error-msg").textContent()).isEqualTo(err.get("message").asText());
    }

    @Test
    void searchPageShowsResultsAndTheQueryHelp() {
        open("#/search?q=clip");
        page.waitForSelector(".results .card");
        assertThat(page.locator(".results .card").count()).isPositive();
        assertThat(page.locator(".help").textContent()).contains("kind:video", "duration:>60", "-exclude");
        fx.screenshot(page, "search-page");
    }

    /**
     * The Search page against the real GET /api/v1/search: what it asks the server (facets, the
     * selections its checkboxes make, sort), and a bad query shows the server's message.
     */
    @Test
    void searchPageSendsFacetFiltersAndSortToTheServer() {
        List<Map<String, String>> requests = Collections.synchronizedList(new ArrayList<>());
        List<JsonNode> assets = new ArrayList<>();
        fx.getJson("/api/v1/assets?limit=1000").get("items").forEach(assets::add);
        newPage(1280, 860);
        page.onRequest(request -> {
            if (request.url().contains("/api/v1/search?")) requests.add(queryParams(request.url()));
        });
        page.navigate(fx.url("/#/search?q=clip"));
        page.waitForSelector(".results .card");
        assertThat(page.locator(".results .card .card-title").allTextContents()).contains("clip");
        assertThat(page.locator(".search-summary").textContent()).matches("\\d+ results?.*");
        assertThat(requests.get(0)).containsEntry("q", "clip").containsEntry("facets", "true").doesNotContainKey("sort");

        Locator input = page.locator(".query-input");
        input.fill("");
        input.press("Enter");
        page.waitForFunction("n => document.querySelectorAll('.results .card').length === n", assets.size());
        Locator video = page.locator(".facet[data-facet=kind] .facet-value[data-value=video]");
        int videos = Integer.parseInt(video.locator(".chip-count").textContent());
        assertThat(videos).isEqualTo((int) assets.stream().filter(a -> a.get("kind").asText().equals("video")).count());
        video.locator("input").check();
        page.waitForFunction("n => document.querySelectorAll('.results .card').length === n", videos);
        assertThat(requests.get(requests.size() - 1)).containsEntry("filter", "kind:video").doesNotContainKey("q");
        assertThat(page.locator(".results .card").evaluateAll("cs => cs.map(c => c.dataset.kind)").toString()).doesNotContain("audio", "image");
        page.locator(".facet[data-facet=codec] .facet-value[data-value=h264] input").check();
        page.waitForFunction("() => location.hash === '#/search?filter=kind%3Avideo+codec%3Ah264'");
        page.waitForFunction("() => !document.querySelector('.grid.stale')");
        assertThat(page.locator(".results .card .card-title").allTextContents()).contains("clip").doesNotContain("legacy");
        page.locator(".search-form select[name=sort]").selectOption("oldest");
        page.waitForFunction("() => location.hash === '#/search?filter=kind%3Avideo+codec%3Ah264&sort=oldest'");
        assertThat(requests.get(requests.size() - 1)).containsEntry("sort", "oldest");
        fx.screenshot(page, "search");
        // Unchecked, a facet's filter goes; a batch with a space in its name is quoted.
        video.locator("input").uncheck();
        page.waitForFunction("() => location.hash === '#/search?filter=codec%3Ah264&sort=oldest'");
        page.locator(".facet[data-facet=codec] .facet-value[data-value=h264] input").uncheck();
        page.waitForFunction("() => location.hash === '#/search?sort=oldest'");
        page.locator(".facet[data-facet=batch] .facet-value[data-value='Screen Records'] input").check();
        page.waitForFunction("() => location.hash === '#/search?filter=batch%3A%22Screen+Records%22&sort=oldest'");
        page.waitForFunction("() => document.querySelectorAll('.results .card').length === 1");
        assertThat(page.locator(".results .card .card-title").textContent()).isEqualTo("tone");
        page.locator(".facet[data-facet=batch] .facet-value[data-value='Screen Records'] input").uncheck();

        input.fill("title:\"unbalanced");
        input.press("Enter");
        page.waitForSelector(".error-box:not([hidden])");
        JsonNode err = fx.getJsonError("/api/v1/search?q=" + URLEncoder.encode("title:\"unbalanced", StandardCharsets.UTF_8));
        assertThat(page.locator(".error-box .query-error-msg").textContent()).isEqualTo(err.get("message").asText());
        assertThat(page.locator(".results .card").count()).as("the results stay under the error").isPositive();
        input.fill("six");
        input.press("Enter");
        page.waitForSelector(".error-box", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.HIDDEN));
        page.waitForSelector(".results .card");
    }

    // ------------------------------------------------------------------ scan, live updates

    @Test
    void scanFromTheScanPageShowsProgressAndNewAssetsAppearLive() throws Exception {
        Path inbox = java.nio.file.Files.createDirectories(fx.tmp().resolve("inbox"));
        open("#/library");
        Page library = page;
        library.waitForSelector("#conn[data-state=open]");
        library.locator(".grid .card").first().waitFor();
        library.evaluate("() => { window.__noReload = 'still here'; }");
        int before = library.locator(".grid .card").count();

        Page scan = context.newPage();
        watch(scan);
        scan.navigate(fx.url("/#/scan"));
        scan.waitForSelector("#conn[data-state=open]");
        scan.locator("input[name=path]").fill(inbox.toString());
        scan.locator("button", new Page.LocatorOptions().setHasText("Add folder")).click();
        scan.locator(".root-row", new Page.LocatorOptions().setHasText(inbox.toRealPath().toString())).waitFor();
        assertThat(fx.getJson("/api/v1/roots").toString()).contains(inbox.toRealPath().toString());
        // Adding the folder started its scan, shown live; the folder is empty so far.
        scan.waitForSelector(".scan-live[data-state=done]");
        assertThat(scan.locator(".scan-live .counter-scanned .counter-value").textContent()).isEqualTo("0");
        assertThat(scan.locator(".scan-live").textContent()).contains(inbox.toRealPath().toString());

        TestMedia.copy(TestMedia.clip(3, "160x120"), inbox, "fresh arrival.mp4");
        TestMedia.copy(TestMedia.mkv(), inbox, "second.mkv");
        scan.evaluate("() => { window.__states = []; new MutationObserver(() => { const s = document.querySelector('.scan-live')?.dataset.state;"
                + " if (s && window.__states.at(-1) !== s) window.__states.push(s); }).observe(document.body, { subtree: true, childList: true, attributes: true }); }");
        scan.locator("#scan-all").click();
        scan.waitForFunction("() => window.__states.includes('running') && document.querySelector('.scan-live')?.dataset.state === 'done'",
                null, new Page.WaitForFunctionOptions().setTimeout(60_000));
        assertThat(scan.locator(".scan-live .counter-added .counter-value").textContent()).isEqualTo("2");
        assertThat(scan.locator(".scan-live .counter-scanned .counter-value").textContent()).isEqualTo("2");
        assertThat(scan.locator(".scan-live h2").textContent()).isEqualTo("Scan finished");
        @SuppressWarnings("unchecked")
        List<String> states = (List<String>) scan.evaluate("() => window.__states");
        assertThat(states).as("the scan panel's states as they happened").contains("running").endsWith("done");
        scan.locator(".recent-scans tbody tr").first().waitFor();
        fx.screenshot(scan, "scan");

        // The library tab got the new assets from the event stream, without reloading.
        card(library, "fresh arrival").waitFor();
        card(library, "second").waitFor();
        assertThat(library.evaluate("() => window.__noReload")).isEqualTo("still here");
        assertThat(library.locator(".grid .card").count()).isEqualTo(before + 2);
        assertThat(library.locator(".grid .card").first().getAttribute("class")).contains("fresh");
        // …and their posters appear once the background jobs have made them.
        library.waitForFunction("() => [...document.querySelectorAll('.card')].some(c => c.querySelector('.card-title').textContent === 'fresh arrival'"
                + " && c.querySelector('img.poster')?.naturalWidth > 0)", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
    }

    // ------------------------------------------------------------------ hostile names

    @Test
    void hostileFileNamesAreRenderedAsText() {
        List<String> dialogs = Collections.synchronizedList(new ArrayList<>());
        newPage(1280, 860);
        page.onDialog(d -> {
            dialogs.add(d.type() + ": " + d.message());
            d.dismiss();
        });
        page.navigate(fx.url("/#/library"));
        Locator xss = card(page, XSS_NAME);
        xss.waitFor();
        assertThat(xss.locator(".card-title").textContent()).isEqualTo(XSS_NAME);
        assertThat(xss.locator(".card-title").isVisible()).isTrue();
        assertThat(page.locator("img[src='x']").count()).isZero();

        xss.click();
        page.waitForSelector("h1.asset-title");
        assertThat(page.locator("h1.asset-title").textContent()).isEqualTo(XSS_NAME);
        assertThat(page.locator(".crumbs").textContent()).contains(XSS_NAME + ".mp4");
        assertThat(page.locator(".edit-form input[name=title]").inputValue()).isEqualTo(XSS_NAME);
        page.waitForLoadState(LoadState.NETWORKIDLE);
        assertThat(page.locator("img[src='x']").count()).isZero();
        assertThat(page.title()).startsWith(XSS_NAME);
        // Search results render it the same way.
        page.navigate(fx.url("/#/search?q=" + URLEncoder.encode("onerror", StandardCharsets.UTF_8)));
        card(page, XSS_NAME).waitFor();
        assertThat(page.locator("img[src='x']").count()).isZero();
        page.waitForLoadState(LoadState.NETWORKIDLE); // every image has loaded or failed: an onerror handler has run
        assertThat(dialogs).as("dialogs opened by the page").isEmpty();
    }

    // ------------------------------------------------------------------ other pages

    @Test
    void jobsPageListsJobsWithStates() {
        open("#/jobs?view=list");
        page.waitForSelector(".job-list .job");
        int done = fx.getJson("/api/v1/jobs?state=done&limit=1000").get("items").size();
        assertThat(done).isPositive();
        assertThat(page.locator(".job[data-state=done]").count()).isGreaterThanOrEqualTo(done);
        assertThat(page.locator(".job .state").allTextContents()).contains("done");
        assertThat(page.locator(".job .job-kind").allTextContents()).contains("Poster", "Sprite", "Proxy");
        assertThat(page.locator(".tab[data-state=done] .tab-count").textContent()).isEqualTo(Integer.toString(done));
        page.locator(".tab[data-state=failed]").click();
        page.waitForFunction("() => location.hash === '#/jobs?view=list&state=failed'");
        page.waitForSelector(".job-list .empty, .job-list .job");
        assertThat(page.locator(".job:not([data-state=failed])").count()).isZero();
        page.locator(".tab[data-state='']").click();
        page.waitForSelector(".job-list .job");
    }

    @Test
    void statsPageDrawsCharts() {
        open("#/stats");
        page.waitForSelector("svg.chart rect.bar-fill");
        assertThat(page.locator(".stat-tile").first().textContent()).contains("Assets");
        assertThat(page.locator(".stat-tile .stat-value").first().textContent()).isEqualTo(Long.toString(fx.assetCount()));
        Locator kinds = page.locator(".chart-panel", new Page.LocatorOptions().setHasText("Storage by kind"));
        assertThat(kinds.locator("svg rect.bar-fill").count()).isEqualTo(fx.getJson("/api/v1/stats").get("byKind").size());
        List<String> kindKeys = new ArrayList<>();
        fx.getJson("/api/v1/stats").get("byKind").forEach(g -> kindKeys.add(g.get("key").asText()));
        assertThat(kindKeys).contains("video", "audio");
        assertThat(kinds.locator("svg text.chart-label").allTextContents()).containsExactlyInAnyOrderElementsOf(kindKeys);
        Locator months = page.locator(".chart-panel", new Page.LocatorOptions().setHasText("Shot over time")).locator("svg a.bar");
        assertThat(months.count()).isPositive();
        fx.screenshot(page, "stats");

        // A month of the timeline is a link to the assets shot in it.
        String period = months.first().getAttribute("data-period");
        long expected = 0;
        for (var b : fx.getJson("/api/v1/timeline?by=month").get("buckets")) {
            if (b.get("period").asText().equals(period)) expected = b.get("count").asLong();
        }
        assertThat(expected).isPositive();
        months.first().locator("rect").click();
        page.waitForFunction("p => location.hash === '#/search?q=' + encodeURIComponent('created:' + p)", period);
        page.waitForFunction("n => document.querySelectorAll('.card').length === n", (int) expected);

        // Library cards say when each asset was shot.
        open("#/library");
        page.waitForFunction("n => document.querySelectorAll('.grid .card').length === n", (int) fx.assetCount());
        assertThat(page.locator(".grid .card .card-date").count()).isEqualTo((int) fx.assetCount());
    }

    @Test
    void datesAreShownInTheBrowsersTimeZone() {
        long id = fx.idOf("trip/clip.mp4");
        JsonNode asset = fx.getJson("/api/v1/assets/" + id);
        java.time.Instant shot = java.time.Instant.parse(asset.get("capturedAt").asText());
        java.time.Instant catalogued = java.time.Instant.parse(asset.get("addedAt").asText());
        // A zone far enough from UTC that the capture day differs from its UTC day.
        java.time.ZoneId zone = java.time.ZoneId.of(shot.atZone(java.time.ZoneOffset.UTC).getHour() >= 10 ? "Pacific/Kiritimati" : "Pacific/Pago_Pago");
        assertThat(shot.atZone(zone).toLocalDate()).isNotEqualTo(shot.atZone(java.time.ZoneOffset.UTC).toLocalDate());
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy", java.util.Locale.US);
        java.time.format.DateTimeFormatter dayTime = java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy, hh:mm a", java.util.Locale.US);

        context = browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setTimezoneId(zone.getId()).setLocale("en-US"));
        context.setDefaultTimeout(timeoutMs());
        context.addCookies(List.of(fx.sessionCookie()));
        page = context.newPage();
        watch(page);

        // The asset page: capture time and catalogue time in the same (local) zone, with a note.
        page.navigate(fx.url("/#/asset/" + id));
        Locator shotAt = page.locator(".key-facts .shot-at");
        shotAt.waitFor();
        assertThat(spaced(shotAt.textContent())).startsWith(dayTime.format(shot.atZone(zone)));
        assertThat(shotAt.getAttribute("title")).contains("your time zone");
        Locator cataloguedAt = page.locator(".meta-grid dt", new Page.LocatorOptions().setHasText("Catalogued")).locator("xpath=following-sibling::dd[1]");
        assertThat(spaced(cataloguedAt.textContent())).isEqualTo(dayTime.format(catalogued.atZone(zone)));

        // Search result cards carry the capture day too, as library cards do.
        page.navigate(fx.url("/#/search?q=clip"));
        Locator result = card(page, "clip");
        result.waitFor();
        assertThat(result.locator(".card-date").textContent()).isEqualTo(day.format(shot.atZone(zone)));
        assertThat(result.locator(".card-date").getAttribute("title")).contains("your time zone");
        page.navigate(fx.url("/#/library"));
        card(page, "clip").locator(".card-date").waitFor();
        assertThat(card(page, "clip").locator(".card-date").textContent()).isEqualTo(day.format(shot.atZone(zone)));
    }

    /** ICU puts a narrow no-break space before AM/PM. */
    private static String spaced(String s) {
        return s.replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    @Test
    void shotOverTimeAxisLabelsReadInOrder() {
        open("#/stats");
        page.waitForSelector("svg.chart");
        // The page's own chart function, drawn in Chromium over spans of a few months to twenty years.
        for (int months : new int[] {5, 14, 30, 61, 125, 240}) {
            for (int width : new int[] {320, 560, 1100}) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> labels = (List<Map<String, Object>>) page.evaluate("async ([n, w]) => {"
                        + " const { monthChart } = await import('/pages/stats.js');"
                        + " const data = []; for (let i = 0; i < n; i++) { const y = 2004 + Math.floor((i + 4) / 12), m = (i + 4) % 12 + 1;"
                        + "   data.push({ key: `${y}-${String(m).padStart(2, '0')}`, count: 1 + i % 7 }); }"
                        + " const svg = monthChart(data, { width: w }); document.body.append(svg);"
                        + " const out = [...svg.querySelectorAll('text.axis-month')].map(t => ({ text: t.textContent, x: t.getBBox().x, w: t.getBBox().width }));"
                        + " svg.remove(); return out; }", List.of(months, width));
                String what = months + " months at " + width + " px: " + labels;
                assertThat(labels).as(what).hasSizeGreaterThan(1);
                int previous = Integer.MIN_VALUE;
                double previousEnd = Double.NEGATIVE_INFINITY;
                Integer lastYear = null;
                for (Map<String, Object> l : labels) {
                    String text = (String) l.get("text");
                    java.util.regex.Matcher year = java.util.regex.Pattern.compile("^(\\d{4})$").matcher(text);
                    java.util.regex.Matcher month = java.util.regex.Pattern.compile("^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: (\\d{2}))?$").matcher(text);
                    int at;
                    if (year.matches()) {
                        at = Integer.parseInt(year.group(1)) * 12;
                    } else {
                        assertThat(month.matches()).as("%s: label %s", what, text).isTrue();
                        if (month.group(2) != null) lastYear = 2000 + Integer.parseInt(month.group(2));
                        assertThat(lastYear).as("%s: %s has a year before it", what, text).isNotNull();
                        at = lastYear * 12 + List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
                                .indexOf(month.group(1));
                    }
                    // A label without its year reads right only as the month after the label before it.
                    if (!year.matches() && month.group(2) == null) {
                        assertThat(at).as("%s: %s is the month after the label before it", what, text).isEqualTo(previous + 1);
                    }
                    assertThat(at).as("%s: %s comes after the label before it", what, text).isGreaterThan(previous);
                    previous = at;
                    double x = ((Number) l.get("x")).doubleValue();
                    assertThat(x).as("%s: %s does not overlap the label before it", what, text).isGreaterThan(previousEnd);
                    previousEnd = x + ((Number) l.get("w")).doubleValue();
                }
            }
        }
    }

    @Test
    void batchesListAndBatchView() {
        open("#/batches");
        page.waitForSelector(".batch-row");
        assertThat(page.locator(".batch-row .batch-name").allTextContents()).contains("trip", "old", "Screen Records");
        fx.screenshot(page, "batches");
        page.locator(".batch-row", new Page.LocatorOptions().setHasText("old")).first().click();
        page.waitForFunction("() => location.hash === '#/batch/old'");
        page.waitForSelector(".grid .card");
        assertThat(page.locator(".grid .card .card-title").allTextContents()).containsExactlyInAnyOrder("broken", "legacy");
        fx.screenshot(page, "batch");

        // Rename through the UI, then delete: the assets stay.
        page.locator(".inline-form input[name=name]").fill("old tapes");
        page.locator(".inline-form button[type=submit]").click();
        page.waitForFunction("() => location.hash === '#/batch/old%20tapes'");
        page.waitForSelector(".grid .card");
        assertThat(fx.getJson("/api/v1/batches/old%20tapes").get("assets").size()).isEqualTo(2);
        page.locator(".page-head .toolbar button.danger").click();
        assertThat(page.locator("dialog.dialog").textContent()).contains("stay in the catalog", "stays on disk");
        page.locator("dialog.dialog button[value=ok]").click();
        page.waitForFunction("() => location.hash === '#/batches'");
        assertThat(fx.get("/api/v1/batches/old%20tapes").statusCode()).isEqualTo(404);
        assertThat(fx.get("/api/v1/assets/" + fx.idOf("old/legacy.avi")).statusCode()).isEqualTo(200);
    }

    @Test
    void deleteFromCatalogSaysFilesStayOnDisk() {
        long id = fx.idOf("stills/frame.png");
        open("#/asset/" + id);
        page.locator("img.iv-img").waitFor();
        page.waitForFunction("() => document.querySelector('img.iv-img').naturalWidth > 0");
        Locator remove = page.locator(".danger-zone button", new Page.LocatorOptions().setHasText("Remove from catalog"));
        remove.click();
        Locator dialog = page.locator("dialog.dialog");
        assertThat(dialog.textContent()).contains("files stay on disk");
        dialog.locator("button[value=cancel]").click();
        dialog.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        assertThat(fx.get("/api/v1/assets/" + id).statusCode()).isEqualTo(200);
        remove.click();
        page.locator("dialog.dialog button[value=ok]").click();
        page.waitForFunction("() => location.hash === '#/library'");
        assertThat(fx.get("/api/v1/assets/" + id).statusCode()).isEqualTo(404);
        assertThat(java.nio.file.Files.exists(Path.of(fx.path("stills/frame.png")))).as("the file stays on disk").isTrue();
    }

    @Test
    void phoneWidthAndKeyboard() {
        open("#/library", 390, 844);
        page.waitForSelector(".grid .card img.poster");
        String columns = page.locator(".grid").evaluate("g => getComputedStyle(g).gridTemplateColumns").toString();
        assertThat(columns.trim().split("\\s+")).hasSizeBetween(1, 2);
        assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("no horizontal scrolling at phone width").isTrue();
        assertThat((Boolean) page.locator("#global-search").isVisible()).isTrue();
        fx.screenshot(page, "phone-library");

        page.locator("body").click(new Locator.ClickOptions().setPosition(5, 300));
        page.keyboard().press("/");
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("global-search");
        page.keyboard().type("clip");
        page.keyboard().press("Enter");
        page.waitForFunction("() => location.hash === '#/search?q=clip'");
        // On the search page, "/" goes to the page's own query box.
        page.locator(".query-input").blur();
        page.locator("h1").click();
        page.keyboard().press("/");
        assertThat(page.evaluate("() => document.activeElement.classList.contains('query-input')")).isEqualTo(true);

        page.navigate(fx.url("/#/asset/" + fx.idOf("trip/clip.mp4")));
        page.locator("video").waitFor();
        assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("no horizontal scrolling on the asset page").isTrue();
        fx.screenshot(page, "phone-asset");
    }

    /** The decoded query parameters of a URL. */
    private static Map<String, String> queryParams(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query == null) return out;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void theApiDocsPageRendersTheOpenApi31Document() {
        Page p = open("api/docs");
        p.locator(".opblock").first().waitFor();
        assertThat(p.locator(".version-stamp").first().textContent()).contains("3.1");
        assertThat(p.locator(".opblock").count()).as("operations shown").isGreaterThanOrEqualTo(30);
        assertThat(p.locator(".errors-wrapper").count()).as("Swagger UI found no errors in the document").isZero();
        // an operation opens with its parameters (enums from the schema) and responses
        p.locator("#operations-assets-listAssets .opblock-summary").click();
        p.locator("#operations-assets-listAssets .parameters").waitFor();
        assertThat(p.locator("#operations-assets-listAssets .parameters").textContent()).contains("kind", "limit");
        assertThat(p.locator(".errors-wrapper").count()).isZero();
    }
}
