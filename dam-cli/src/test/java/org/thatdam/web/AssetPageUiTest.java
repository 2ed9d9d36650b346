package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.process.MotionRequest;
import org.thatdam.media.motion.MotionMedia;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.server.LiveServer;

/**
 * The asset page in Chromium: what the first screen holds at desktop and phone sizes, the tabs and
 * their memory, the seek bar with its trickplay preview and markers, the keyboard shortcuts, the
 * image viewer and the audio waveform.
 *
 * <pre>
 * clip.mp4    20 s 256x144 H.264 + AAC at 25 fps, with sprites
 * scene.mp4   16 s 320x240, a box moving 3–6 s and 11–13 s (motion analysed before the tests, 2 peak stills)
 * tone.m4a    10 s of a tone in AAC, silent 3–7 s
 * big.png     2400x1800 PNG
 * where.mov   1 s 160x120, shot at 48.8584, 2.2945 (the page shows a map)
 * </pre>
 */
class AssetPageUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "clip.mp4", TestMedia::spriteClip,
            "scene.mp4", MotionMedia::scene,
            "tone.m4a", MotionMedia::toneWithPause,
            "big.png", () -> TestMedia.make("big-2400x1800.png",
                    List.of("-f", "lavfi", "-i", "testsrc2=size=2400x1800:rate=1"), "-frames:v", "1"),
            "where.mov", () -> TestMedia.clipAt(48.8584, 2.2945))).jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @BeforeAll
    static void analyseMotion() {
        fx.dam().motion().request(fx.idOf("scene.mp4"), new MotionRequest(0.5, 1.0, 2, false), Actor.commandLine());
        live.awaitJobsIdle();
    }

    /** Opens an asset page and waits until its player (or viewer) is there. */
    Page openAsset(String file, int width, int height, String ready) {
        open("#/asset/" + fx.idOf(file), width, height);
        page.locator(ready).waitFor();
        return page;
    }

    Locator video() {
        return page.locator(".vplayer video");
    }

    void awaitMetadata() {
        page.waitForFunction("() => document.querySelector('.vplayer video, .vplayer audio').readyState >= 1");
    }

    /** Seeks the media to t and waits until it got there. */
    void seekTo(double t) {
        page.locator(".vplayer video, .vplayer audio").evaluate(
                "(m, t) => new Promise(r => { m.addEventListener('seeked', () => r(), { once: true }); m.currentTime = t; })", t);
    }

    double currentTime() {
        return ((Number) page.evaluate("() => document.querySelector('.vplayer video, .vplayer audio').currentTime")).doubleValue();
    }

    void awaitTime(double t, double tolerance) {
        page.waitForFunction("([t, d]) => Math.abs(document.querySelector('.vplayer video, .vplayer audio').currentTime - t) < d",
                List.of(t, tolerance));
    }

    /** Gives the page (not a control) the focus, as after clicking on an empty part of it. */
    void focusPage() {
        page.evaluate("() => { document.activeElement?.blur(); }");
    }

    // ------------------------------------------------------------------ layout

    @Test
    void theFirstScreenHoldsThePlayerTheKeyFactsAndTheEditor() {
        for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
            openAsset("clip.mp4", size[0], size[1], ".vplayer video");
            page.locator(".key-facts .fact").first().waitFor();
            String what = size[0] + "x" + size[1];
            fx.screenshot(page, size[0] > 500 ? "asset-desktop" : "asset-phone");
            for (String part : List.of(".vplayer", ".key-facts", ".edit-form input[name=title]", ".edit-form input[name=tags]",
                    ".edit-form textarea[name=description]", ".edit-form button[type=submit]")) {
                BoundingBox box = page.locator(part).boundingBox();
                assertThat(box).as("%s at %s is shown", part, what).isNotNull();
                assertThat(box.y + box.height).as("%s at %s ends within the first screen", part, what).isLessThanOrEqualTo(size[1]);
                assertThat(box.x + box.width).as("%s at %s fits the width", part, what).isLessThanOrEqualTo(size[0]);
            }
            assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                    .as("no horizontal scrolling at %s", what).isTrue();
            // Our own controls instead of the browser's.
            assertThat(video().getAttribute("controls")).isNull();
            double seconds = fx.getJson("/api/v1/assets/" + fx.idOf("clip.mp4")).get("durationSec").asDouble();
            assertThat(seconds).isCloseTo(20, within(0.2));
            assertThat(page.locator(".fact[data-fact=duration] dd").textContent())
                    .isEqualTo(page.evaluate("async n => (await import('/lib/dom.js')).fmtDuration(n)", seconds));
            assertThat(page.locator(".fact[data-fact=resolution] dd").textContent()).isEqualTo("256×144");
            assertThat(page.locator(".fact[data-fact=codecs] dd").textContent()).isEqualTo("h264 / aac");
            long bytes = fx.getJson("/api/v1/assets/" + fx.idOf("clip.mp4")).get("sizeBytes").asLong();
            assertThat(page.locator(".fact[data-fact=size] dd").textContent())
                    .isEqualTo(page.evaluate("async n => (await import('/lib/dom.js')).fmtBytes(n)", (double) bytes));
            assertThat(page.locator(".fact[data-fact=state] dd").textContent()).contains("video").contains("ok");
            assertThat(page.locator(".fact").first().locator("dt").textContent()).isIn("Shot", "Added");
            context.close();
            context = null;
        }

        // With a map of where it was shot, a phone still shows the title, tags and description first: the
        // editor comes before the map, and the breadcrumb has a row of its own above the title.
        openAsset("where.mov", 390, 844, ".vplayer video");
        page.locator(".map-panel .map").waitFor();
        fx.screenshot(page, "asset-phone-map");
        for (String part : List.of(".asset-title", ".edit-form input[name=title]", ".edit-form input[name=tags]",
                ".edit-form textarea[name=description]")) {
            BoundingBox box = page.locator(part).boundingBox();
            assertThat(box.y + box.height).as("%s on a phone, with a map", part).isLessThanOrEqualTo(844);
        }
        assertThat(page.locator(".map-panel").boundingBox().y).as("the map after the editor")
                .isGreaterThan(page.locator(".edit-panel").boundingBox().y);
        BoundingBox crumbs = page.locator(".crumbs").boundingBox();
        assertThat(crumbs.y + crumbs.height).as("the breadcrumb above the title").isLessThanOrEqualTo(page.locator(".asset-title").boundingBox().y);
        assertThat(crumbs.width).as("the breadcrumb across the row").isGreaterThan(300);
        context.close();
        context = null;
    }

    @Test
    void tabsAreAccessibleAndTheChoiceIsRemembered() {
        openAsset("clip.mp4", 1280, 800, ".vplayer video");
        Locator tabs = page.locator("[role=tablist] [role=tab]");
        assertThat(tabs.allTextContents()).containsExactly("Processing", "Technical", "History", "Files", "Share");
        assertThat(selectedTab()).isEqualTo("processing");
        assertThat(page.locator("#asset-panel-processing").isVisible()).isTrue();
        assertThat(page.locator("#asset-panel-history").isVisible()).isFalse();
        assertThat(page.locator("#asset-tab-processing").getAttribute("aria-controls")).isEqualTo("asset-panel-processing");
        assertThat(page.locator("#asset-panel-processing").getAttribute("aria-labelledby")).isEqualTo("asset-tab-processing");

        // Arrow keys move along the tabs and show them; Home and End go to the ends.
        page.locator("#asset-tab-processing").focus();
        page.keyboard().press("ArrowRight");
        assertThat(selectedTab()).isEqualTo("technical");
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("asset-tab-technical");
        assertThat(page.locator("#asset-panel-technical .meta-grid").isVisible()).isTrue();
        assertThat(page.locator("#asset-panel-technical").textContent()).contains("Video codec", "Quick hash", "aac");
        page.keyboard().press("End");
        assertThat(selectedTab()).isEqualTo("share");
        page.keyboard().press("ArrowRight");
        assertThat(selectedTab()).as("wraps around").isEqualTo("processing");
        page.keyboard().press("ArrowLeft");
        assertThat(selectedTab()).isEqualTo("share");

        // The choice is stored for the user on the server (a moment later, once per burst of changes).
        page.waitForResponse(r -> r.url().endsWith("/api/v1/auth/preferences/asset.tab") && r.request().method().equals("PUT")
                        && r.request().postData().contains("history"),
                () -> page.locator("#asset-tab-history").click());
        assertThat(page.locator("#asset-panel-history .job").first().isVisible()).isTrue();
        fx.screenshot(page, "asset-history");
        assertThat(page.locator("#asset-panel-history").textContent()).contains(fx.path("clip.mp4"));

        // Another asset opens on the same tab, and so does the page after a reload.
        page.navigate(fx.url("/#/asset/" + fx.idOf("scene.mp4")));
        page.waitForFunction("() => document.querySelector('h1.asset-title')?.textContent === 'scene'");
        assertThat(selectedTab()).isEqualTo("history");
        page.reload();
        page.locator(".vplayer video").waitFor();
        assertThat(selectedTab()).isEqualTo("history");
        assertThat(page.locator("#asset-panel-history").isVisible()).isTrue();
        // Another browser of the same user (nothing in its storage) opens on it too.
        context.close();
        open("#/asset/" + fx.idOf("clip.mp4"), 1280, 800);
        page.locator(".vplayer video").waitFor();
        assertThat(selectedTab()).isEqualTo("history");
    }

    String selectedTab() {
        return page.locator("[role=tab][aria-selected=true]").getAttribute("data-tab");
    }

    // ------------------------------------------------------------------ seek bar

    @Test
    void theSeekBarPreviewsTrickplayAndItsMarkersAndStillsSeek() {
        openAsset("scene.mp4", 1280, 800, ".vplayer video");
        awaitMetadata();
        Locator bar = page.locator(".scrub-track");
        BoundingBox box = bar.boundingBox();
        // Positions relative to the bar where it is at the moment of acting: panels of the page that load
        // meanwhile may move it.
        bar.hover(new Locator.HoverOptions().setPosition(box.width * 0.25, box.height / 2));
        page.waitForSelector(".scrub-preview:not([hidden]) .scrub-tile:not([hidden]) .tile");
        assertThat(page.locator(".scrub-time").textContent()).isEqualTo("0:04.0");
        assertThat(page.locator(".scrub-tile .tile").evaluate("t => t.style.backgroundImage").toString()).contains("/sprites/0.jpg");
        bar.click(new Locator.ClickOptions().setPosition(box.width * 0.5, box.height / 2));
        awaitTime(8, 0.3);

        // Markers: the two moving parts, buttons reached by the keyboard.
        JsonNode report = fx.getJson("/api/v1/assets/" + fx.idOf("scene.mp4") + "/motion");
        Locator motion = page.locator(".vp-markers .marker[data-kind=motion]");
        page.waitForCondition(() -> motion.count() == 2);
        double second = report.get("segments").get(1).get("startSec").asDouble();
        assertThat(second).isBetween(10.0, 12.0);
        motion.nth(1).focus();
        page.keyboard().press("Enter");
        awaitTime(second, 0.2);
        motion.first().click();
        awaitTime(report.get("segments").get(0).get("startSec").asDouble(), 0.2);
        assertThat(motion.nth(1).getAttribute("aria-label")).startsWith("Motion ").contains("–");

        // Peak stills in the Processing tab seek the player (no new tab) and say their time.
        page.locator("[role=tab][data-tab=processing]").click();
        Locator stills = page.locator(".peak-stills .peak-still");
        stills.first().waitFor();
        assertThat(stills.count()).isEqualTo(2);
        assertThat(stills.locator("a").count()).isZero();
        double peak = report.get("frameSecs").get(1).asDouble();
        String label = page.evaluate("async t => (await import('/lib/dom.js')).fmtDuration(t)", peak).toString();
        assertThat(stills.nth(1).locator(".peak-time").textContent()).isEqualTo(label);
        page.waitForFunction("() => [...document.querySelectorAll('.peak-still img')].every(i => i.complete && i.naturalWidth > 0)");
        int pages = context.pages().size();
        stills.nth(1).click();
        awaitTime(peak, 0.2);
        assertThat(context.pages()).hasSize(pages);
        page.evaluate("() => window.scrollTo(0, 0)");
        fx.screenshot(page, "asset-markers");

        // Only reports that exist are asked for: no idle trim was made, so no 404 for it.
        synchronized (console) {
            assertThat(console).noneMatch(m -> m.contains("404") || m.contains("Failed to load"));
        }
        assertThat(policyMessages()).isEmpty();
    }

    // ------------------------------------------------------------------ keyboard

    @Test
    void keyboardShortcutsDriveThePlayerAndThePage() {
        long clip = fx.idOf("clip.mp4");
        long scene = fx.idOf("scene.mp4");
        long tone = fx.idOf("tone.m4a");
        openAsset("clip.mp4", 1280, 800, ".vplayer video");
        awaitMetadata();
        video().evaluate("v => { v.muted = true; }");
        focusPage();

        page.keyboard().press("l");
        page.waitForFunction("() => !document.querySelector('video').paused");
        page.keyboard().press("l");
        page.waitForFunction("() => document.querySelector('video').playbackRate === 2");
        assertThat(page.locator(".vp-rate").textContent()).isEqualTo("2×");
        page.keyboard().press("k");
        page.waitForFunction("() => document.querySelector('video').paused");
        assertThat(video().evaluate("v => v.playbackRate")).isEqualTo(1);
        page.keyboard().press("Space");
        page.waitForFunction("() => !document.querySelector('video').paused");
        page.keyboard().press("Space");
        page.waitForFunction("() => document.querySelector('video').paused");

        seekTo(10);
        page.keyboard().press("ArrowRight");
        awaitTime(11, 0.01);
        page.keyboard().press("Shift+ArrowRight");
        awaitTime(16, 0.01);
        page.keyboard().press("ArrowLeft");
        awaitTime(15, 0.01);
        page.keyboard().press(".");
        awaitTime(15.04, 0.005); // one frame at 25 fps
        page.keyboard().press(",");
        page.keyboard().press(",");
        awaitTime(14.96, 0.005);

        // J plays backwards (the time goes down while the video stays paused); K stops it.
        page.keyboard().press("j");
        page.waitForFunction("() => document.querySelector('video').currentTime < 14.5");
        assertThat(page.locator(".vp-rate").textContent()).isEqualTo("◀ 1×");
        page.keyboard().press("k");
        assertThat((Boolean) video().evaluate("v => v.paused")).isTrue();
        assertThat(page.locator(".vp-rate").isHidden()).isTrue();

        // E goes to the title; keys typed there are text, not shortcuts.
        page.keyboard().press("e");
        assertThat(page.evaluate("() => document.activeElement.name")).isEqualTo("title");
        page.keyboard().press("End");
        page.keyboard().type(" l k");
        assertThat(page.locator(".edit-form input[name=title]").inputValue()).isEqualTo("clip l k");
        assertThat((Boolean) video().evaluate("v => v.paused")).isTrue();
        page.locator(".edit-form input[name=title]").fill("clip");

        // ? lists every shortcut; Escape closes the list.
        focusPage();
        page.keyboard().press("?");
        Locator dialog = page.locator("dialog.shortcuts-dialog");
        dialog.waitFor();
        assertThat(dialog.locator("tr").count()).isGreaterThanOrEqualTo(12);
        assertThat(dialog.textContent()).contains("Play backwards", "One frame", "Next asset");
        fx.screenshot(page, "asset-shortcuts");
        page.keyboard().press("Escape");
        dialog.waitFor(new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));

        // [ and ] step through the list the asset was opened from.
        page.evaluate("async ids => (await import('/lib/currentlist.js')).setCurrentList(ids, { label: 'Library', href: '#/library' })",
                List.of((int) clip, (int) scene, (int) tone));
        page.keyboard().press("]");
        page.waitForFunction("id => location.hash === '#/asset/' + id", (int) scene);
        // the new page is drawn (its own step links), not the old one still on screen
        page.locator(".asset-steps .step-next[href='#/asset/" + tone + "']").waitFor();
        page.locator(".vplayer video").waitFor();
        focusPage();
        page.keyboard().press("]");
        page.waitForFunction("id => location.hash === '#/asset/' + id", (int) tone);
        page.locator(".asset-steps .step-prev[href='#/asset/" + scene + "']").waitFor();
        page.locator(".vplayer-audio").waitFor();
        focusPage();
        page.keyboard().press("[");
        page.waitForFunction("id => location.hash === '#/asset/' + id", (int) scene);
        // the scene's page drawn, not the tone's still on screen (its previous step is the scene too)
        page.locator(".asset-steps .step-prev[href='#/asset/" + clip + "']").waitFor();
        assertThat(page.locator(".asset-steps .step-prev").getAttribute("href")).isEqualTo("#/asset/" + clip);
        assertThat(page.locator(".asset-steps .step-next").getAttribute("href")).isEqualTo("#/asset/" + tone);
        assertThat(page.locator(".kbd-hint").first().isVisible()).isTrue();
    }

    @Test
    void touchScreensGetNoKeyboardHints() {
        context = browser().newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setHasTouch(true).setIsMobile(true));
        context.addCookies(List.of(fx.sessionCookie()));
        page = context.newPage();
        watch(page);
        page.navigate(fx.url("/#/asset/" + fx.idOf("clip.mp4")));
        page.locator(".vplayer video").waitFor();
        assertThat(page.locator(".kbd-hint").count()).isPositive();
        assertThat(page.locator(".kbd-hint").evaluateAll("els => els.every(e => getComputedStyle(e).display === 'none')")).isEqualTo(true);
    }

    // ------------------------------------------------------------------ image, audio, downloads

    @Test
    void imagesOpenInAViewerThatZoomsAndPans() {
        openAsset("big.png", 1280, 800, ".iv-img");
        page.waitForFunction("() => document.querySelector('.iv-img').complete && document.querySelector('.iv-img').naturalWidth > 0");
        Locator frame = page.locator(".iv");
        page.waitForFunction("() => +document.querySelector('.iv').dataset.scale < 1");
        double fit = scale();
        int natural = ((Number) page.evaluate("() => document.querySelector('.iv-img').naturalWidth")).intValue();
        BoundingBox box = frame.boundingBox();
        assertThat(natural * fit).as("fitted to the frame").isLessThanOrEqualTo(box.width + 0.5);

        focusPage();
        page.keyboard().press("+");
        assertThat(scale()).isCloseTo(fit * 1.25, within(1e-6));
        page.keyboard().press("-");
        assertThat(scale()).isCloseTo(fit, within(1e-6));
        page.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
        page.mouse().wheel(0, -300);
        page.waitForCondition(() -> scale() > fit * 1.2);
        page.locator(".iv-bar button[aria-label='Zoom in']").click();
        double zoomed = scale();
        assertThat(page.locator(".iv-bar .iv-fit").textContent()).isEqualTo("Fit");
        page.locator(".iv-bar .iv-fit").click();
        assertThat(scale()).isCloseTo(fit, within(1e-6));
        assertThat(page.locator(".iv-bar .iv-fit").textContent()).as("the toggle does not repeat the read-out").isEqualTo("Actual size");

        // A double-click shows 100 %, where dragging and the arrow keys move the picture.
        frame.dblclick();
        assertThat(scale()).isEqualTo(1.0);
        assertThat(page.locator(".iv-pct").textContent()).isEqualTo("100 %");
        String before = transform();
        page.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
        page.mouse().down();
        page.mouse().move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(4));
        page.mouse().up();
        assertThat(transform()).isNotEqualTo(before);
        String dragged = transform();
        focusPage();
        page.keyboard().press("ArrowLeft");
        assertThat(transform()).isNotEqualTo(dragged);
        page.keyboard().press("0");
        assertThat(scale()).isCloseTo(fit, within(1e-6));
        assertThat(zoomed).isGreaterThan(fit);
        fx.screenshot(page, "asset-image");
    }

    double scale() {
        return Double.parseDouble(page.locator(".iv").getAttribute("data-scale"));
    }

    String transform() {
        return page.locator(".iv-img").evaluate("i => i.style.transform").toString();
    }

    @Test
    void audioPlaysFromAWaveformWithOnlyAudioProcessing() {
        openAsset("tone.m4a", 1280, 800, ".vplayer-audio");
        awaitMetadata();
        page.waitForSelector(".scrub-track.wave canvas.waveform[data-drawn]");
        // The tone is silent from 3 to 7 s of 10: the middle of the waveform is (nearly) empty, the start is not.
        @SuppressWarnings("unchecked")
        List<Number> ink = (List<Number>) page.locator("canvas.waveform").evaluate("c => { const g = c.getContext('2d');"
                + " const col = f => { const x = Math.floor(c.width * f); const d = g.getImageData(x, 0, 1, c.height).data;"
                + "   let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; };"
                + " return [col(0.15), col(0.5), col(0.85)]; }");
        assertThat(ink.get(0).intValue()).isGreaterThan(ink.get(1).intValue() * 5);
        assertThat(ink.get(2).intValue()).isGreaterThan(ink.get(1).intValue() * 5);

        BoundingBox wave = page.locator(".scrub-track.wave").boundingBox();
        page.mouse().click(wave.x + wave.width * 0.8, wave.y + wave.height / 2);
        awaitTime(8, 0.2);
        assertThat(page.locator(".vplayer video").count()).isZero();

        // Audio processing only: idle trim and the console, no motion, no sprite or poster to make.
        assertThat(page.locator(".motion-panel").count()).isZero();
        assertThat(page.locator(".trim-panel").count()).isEqualTo(1);
        assertThat(page.locator("[data-regen]").evaluateAll("bs => bs.map(b => b.dataset.regen)").toString()).isEqualTo("[proxy]");
        fx.screenshot(page, "asset-audio");
    }

    @Test
    void theDownloadMenuOffersWhatTheServerLists() {
        long id = fx.idOf("clip.mp4");
        openAsset("clip.mp4", 1280, 800, ".vplayer video");
        JsonNode downloads = fx.getJson("/api/v1/assets/" + id).path("downloads");
        List<String> names = new ArrayList<>();
        downloads.forEach(d -> names.add(d.get("fileName").asText()));
        Locator links = page.locator(".download-menu .download-list a");
        if (names.isEmpty()) {
            assertThat(page.locator(".download-menu").count()).isZero();
            return;
        }
        page.locator(".download-menu summary").click();
        assertThat(links.first().isVisible()).isTrue();
        assertThat(links.evaluateAll("as => as.map(a => a.getAttribute('download'))")).isEqualTo(names);
        page.keyboard().press("Escape");
        assertThat(links.first().isVisible()).isFalse();
    }
}
