package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
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
 * The camera monitor in Chromium against the built-in test source (a real ffmpeg, the real preview
 * stream): the grid and the monitor show the moving picture, zebras, focus peaking and false colour
 * change the canvas's pixels and nothing else, the choices survive a reload, REC with a take name
 * records a take whose timecode ticks from the server's events, STOP puts it in the library where
 * a search by its name finds it; a viewer watches without REC.
 */
class CaptureUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<Path>>of("frame.png", TestMedia::png))
            .config(ConfigKey.CAPTURE_TEST_SOURCES, "1")
            .config(ConfigKey.CAPTURE_MIN_FREE_MB, "64")
            .config(ConfigKey.CAPTURE_PRESET, "ultrafast"); // the take's quality is not what this checks
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    /** Waits include starting ffmpeg for the source and, for a take, encoding and cataloguing it, on a busy machine. */
    @Override
    int timeoutMs() {
        return 60_000;
    }

    /** A fingerprint of the monitor canvas's pixels (FNV-1a over RGB), with its size. */
    static final String CANVAS_HASH = """
            () => {
              const c = document.getElementById('cap-canvas');
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let h = 2166136261;
              for (let i = 0; i < d.length; i += 4) h = Math.imul(h ^ (d[i] | d[i + 1] << 8 | d[i + 2] << 16), 16777619);
              return (h >>> 0).toString(16) + ':' + c.width + 'x' + c.height;
            }""";

    private String canvasHash() {
        return (String) page.evaluate(CANVAS_HASH);
    }

    private int framesDrawn() {
        return Integer.parseInt(String.valueOf(page.evaluate("() => document.getElementById('cap-canvas').dataset.frames || '0'")));
    }

    /** Waits until the monitor has drawn two more pictures (so the last change of a control is in the pixels). */
    private void awaitRedraw() {
        page.waitForFunction("n => +(document.getElementById('cap-canvas').dataset.frames || 0) >= n", framesDrawn() + 2);
    }

    @Test
    void theMonitorShowsTheMovingSourceAndItsOverlaysChangeThePicture() {
        open("#/library", 1280, 900);
        page.locator("#nav-more-button").click();
        page.locator("#nav-more-list a[href='#/capture']").click();
        page.locator(".cap-tile[data-source=test-1]").waitFor();
        assertThat(page.locator(".cap-tile[data-source=test-1] .cap-tile-name").textContent()).isNotBlank();
        page.waitForFunction("() => document.querySelector('.cap-tile[data-source=test-1] img').naturalWidth > 0");
        assertThat(page.locator(".nav a[data-page=capture]").getAttribute("aria-current")).isEqualTo("page");
        fx.screenshot(page, "capture-grid");

        page.locator(".cap-tile[data-source=test-1] .cap-tile-preview").click();
        page.waitForURL("**#/capture/test-1");
        page.waitForFunction("() => +(document.getElementById('cap-canvas')?.dataset.frames || 0) > 0");
        // the test pattern moves: the picture changes by itself
        String first = canvasHash();
        page.waitForFunction("first => (" + CANVAS_HASH + ")() !== first", first,
                new Page.WaitForFunctionOptions().setPollingInterval(100));
        assertThat(page.locator("#cap-canvas").getAttribute("data-overlays")).doesNotContain("zebra").doesNotContain("peaking")
                .doesNotContain("falseColour");

        // Frozen, the picture holds still: each overlay then changes it, and turning it off gives the same pixels back.
        page.locator("#cap-freeze").click();
        assertThat(page.locator("#cap-freeze").getAttribute("aria-pressed")).isEqualTo("true");
        awaitRedraw();
        String still = canvasHash();
        awaitRedraw();
        assertThat(canvasHash()).as("a frozen picture").isEqualTo(still);
        page.locator("#cap-zebra-level").fill("50"); // at 50 IRE any test pattern has stripes to show
        for (String overlay : List.of("zebra", "peaking", "falseColour")) {
            page.locator("#cap-ov-" + overlay).check();
            awaitRedraw();
            assertThat(canvasHash()).as("%s on", overlay).isNotEqualTo(still);
            assertThat(page.locator("#cap-canvas").getAttribute("data-overlays")).contains(overlay);
            page.locator("#cap-ov-" + overlay).uncheck();
            awaitRedraw();
            assertThat(canvasHash()).as("%s off again", overlay).isEqualTo(still);
        }
        // a shortcut key toggles the same choice as its checkbox (listed on the page)
        page.locator("#cap-canvas").click();
        page.keyboard().press("p");
        assertThat(page.locator("#cap-ov-peaking").isChecked()).isTrue();
        awaitRedraw();
        assertThat(canvasHash()).isNotEqualTo(still);
        page.locator("#cap-ov-falseColour").check();
        page.locator("#cap-ov-g239").check();
        assertThat(page.locator(".cap-shortcuts").textContent()).contains("Zebras").contains("False colour").contains("Space");
        fx.screenshot(page, "capture-monitor");
        assertNoSeriousA11yViolations(page);

        // the choices are this browser's: they survive a reload
        page.reload();
        page.waitForFunction("() => +(document.getElementById('cap-canvas')?.dataset.frames || 0) > 0");
        assertThat(page.locator("#cap-ov-peaking").isChecked()).isTrue();
        assertThat(page.locator("#cap-ov-falseColour").isChecked()).isTrue();
        assertThat(page.locator("#cap-ov-g239").isChecked()).isTrue();
        assertThat(page.locator("#cap-ov-zebra").isChecked()).isFalse();
        assertThat(page.locator("#cap-zebra-level").inputValue()).isEqualTo("50");
        assertThat(page.locator("#cap-canvas").getAttribute("data-overlays")).contains("peaking").contains("falseColour").contains("g239");
        assertThat(policyMessages()).isEmpty();
    }

    /** The overlays' arithmetic, in the browser that runs it: which luma levels each one marks, and how. */
    @Test
    @SuppressWarnings("unchecked")
    void theOverlaysMarkTheLevelsTheyName() {
        open("#/library", 1024, 768);
        page.locator(".page-library").waitFor();
        Map<String, List<Number>> r = (Map<String, List<Number>>) page.evaluate("""
                async () => {
                  const m = await import('/lib/monitor.js');
                  // one row of greys: 0, 40 % (18 % grey), 95.3 %, 100 % IRE (all four inside one zebra stripe)
                  const row = () => {
                    const img = new ImageData(4, 1);
                    [0, 102, 243, 255].forEach((v, i) => img.data.set([v, v, v, 255], i * 4));
                    return img;
                  };
                  const fc = row(); m.applyOverlays(fc, { falseColour: true });
                  const z95 = row(); m.applyOverlays(z95, { zebra: true, zebraLevel: 95 });
                  const z100 = row(); m.applyOverlays(z100, { zebra: true, zebraLevel: 100 });
                  // a sharp vertical edge and a soft one: only the sharp one is peaked
                  const edge = new ImageData(6, 3);
                  for (let y = 0; y < 3; y++) [0, 0, 255, 255, 240, 230].forEach((v, x) => edge.data.set([v, v, v, 255], (y * 6 + x) * 4));
                  m.applyOverlays(edge, { peaking: true, peakingColour: 'green' });
                  const px = (img, i) => [...img.data.slice(i * 4, i * 4 + 3)];
                  return {
                    fc: [0, 1, 2, 3].flatMap((i) => px(fc, i)),
                    z95: [0, 1, 2, 3].flatMap((i) => px(z95, i)),
                    z100: [0, 1, 2, 3].flatMap((i) => px(z100, i)),
                    peak: [1, 2, 3, 4].flatMap((i) => px(edge, 6 + i)),
                  };
                }""");
        assertThat(r.get("fc")).as("false colour: black clip purple, 18 %% grey green, 95 %% grey, white clip red")
                .containsExactly(128, 0, 200, 0, 190, 60, 243, 243, 243, 230, 20, 20);
        assertThat(r.get("z95")).as("zebras at 95 IRE stripe 95 %% and 100 %% only")
                .containsExactly(0, 0, 0, 102, 102, 102, 16, 16, 16, 16, 16, 16);
        assertThat(r.get("z100")).as("zebras at 100 IRE stripe white only")
                .containsExactly(0, 0, 0, 102, 102, 102, 243, 243, 243, 16, 16, 16);
        assertThat(r.get("peak")).as("peaking marks the sharp edge's two sides, not the soft slope")
                .containsExactly(40, 255, 80, 40, 255, 80, 255, 255, 255, 240, 240, 240);
    }

    @Test
    void recWithATakeNameRecordsWithTheServersTimecodeAndStopPutsTheTakeInTheLibrary() {
        String take = "Harbour interview " + System.nanoTime() % 100_000;
        open("#/capture/test-1", 1280, 900);
        page.waitForFunction("() => +(document.getElementById('cap-canvas')?.dataset.frames || 0) > 0");
        assertThat(page.locator("#cap-stop").isDisabled()).isTrue();
        page.locator("#cap-take-name").fill(take);
        page.locator("#cap-rec").click();

        page.locator(".cap-rec[data-rec=true]").waitFor();
        assertThat(page.locator("#cap-badge").innerText()).isEqualTo("Recording");
        assertThat(page.locator("#cap-rec").isDisabled()).isTrue();
        // the timecode comes from recording.progress events, about once a second: it ticks
        page.waitForFunction("() => /^\\d\\d:\\d\\d:\\d\\d[:;]\\d\\d$/.test(document.querySelector('.cap-timecode').textContent)");
        String tc = page.locator(".cap-timecode").textContent();
        page.waitForFunction("tc => /^\\d\\d:\\d\\d:\\d\\d[:;]\\d\\d$/.test(document.querySelector('.cap-timecode').textContent)"
                + " && document.querySelector('.cap-timecode').textContent !== tc", tc);
        assertThat(page.locator(".cap-duration").textContent()).matches("\\d+:\\d\\d\\.\\d+");
        assertThat(page.locator(".cap-disk").textContent()).matches(".*\\d.*B");
        JsonNode running = fx.getJson("/api/v1/capture/takes?limit=5").get("takes");
        if (running == null) running = fx.getJson("/api/v1/capture/takes?limit=5");
        assertThat(running.toString()).contains(take).contains("recording");
        fx.screenshot(page, "capture-recording");

        page.locator("#cap-stop").click();
        page.locator(".cap-rec[data-rec=false]").waitFor();
        page.locator(".cap-last-take").waitFor();
        assertThat(page.locator(".cap-last-take").innerText()).contains(take);
        assertThat(page.locator("#cap-rec").isEnabled()).isTrue();

        // catalogued as soon as it is finalised: the search by its name finds it
        page.waitForFunction("""
                async (q) => {
                  const r = await fetch('/api/v1/search?q=' + encodeURIComponent(q), { headers: { 'X-Dam-Request': '1' } });
                  return r.ok && (await r.json()).total > 0;
                }""", '"' + take + '"', new Page.WaitForFunctionOptions().setPollingInterval(500));
        page.locator("#global-search").fill('"' + take + '"');
        page.locator("#global-search").press("Enter");
        page.locator(".results .card").first().waitFor();
        assertThat(page.locator(".results .card .card-title").first().textContent()).isEqualTo(take);
        assertThat(pageErrors).isEmpty();
    }

    @Test
    void aViewerWatchesWithoutRecAndSeesNoAdminForm() {
        if (live.dam().users().list().stream().noneMatch(u -> u.name().equals("vera"))) {
            live.dam().users().add("vera", Role.VIEWER, LiveServer.PASSWORD, Principal.commandLine(), null);
        }
        String token = live.dam().sessions().login("vera", LiveServer.PASSWORD, "127.0.0.1", "tests").token();
        newAnonymousPage(390, 844); // a phone
        context.addCookies(List.of(new Cookie("dam_session", token).setUrl(fx.url("/"))));
        page.navigate(fx.url("/#/capture"));
        page.locator(".cap-tile[data-source=test-1]").waitFor();
        assertThat(page.locator("#cap-add").isVisible()).isFalse();
        assertThat(page.locator("#cap-rec-all").isVisible()).isFalse();
        assertThat(page.locator(".cap-tile button").count() == 0 || !page.locator(".cap-tile button").first().isVisible()).isTrue();

        page.navigate(fx.url("/#/capture/test-1"));
        page.waitForFunction("() => +(document.getElementById('cap-canvas')?.dataset.frames || 0) > 0");
        assertThat(page.locator("#cap-rec").isVisible()).isFalse();
        assertThat(page.locator("#cap-stop").isVisible()).isFalse();
        // the phone layout: the picture fits the screen's width, nothing scrolls sideways
        assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
        double width = ((Number) page.evaluate("() => document.getElementById('cap-canvas').getBoundingClientRect().width")).doubleValue();
        assertThat(width).isBetween(300.0, 390.0);
        fx.screenshot(page, "capture-phone-viewer");
    }

    @Test
    void anAdminAddsANetworkSourceWhosePasswordIsNeverShownAndRemovesIt() {
        open("#/capture", 1280, 900);
        page.locator("#cap-add").waitFor();
        // a refused address: the server's words, and the password is not kept in the page
        page.locator("#cap-add input[name=name]").fill("Lobby");
        page.locator("#cap-add input[name=url]").fill("ftp://127.0.0.1/stream");
        page.locator("#cap-add input[name=password]").fill("s3cret-lobby");
        page.locator("#cap-add button[type=submit]").click();
        page.locator("#cap-add-status .error-box").waitFor();
        assertThat(page.locator("#cap-add-status").innerText()).isNotBlank().doesNotContain("Exception");
        assertThat(page.locator("#cap-add input[name=password]").inputValue()).isEmpty();

        page.locator("#cap-add input[name=url]").fill("http://127.0.0.1:9/live.ts");
        page.locator("#cap-add input[name=username]").fill("cam");
        page.locator("#cap-add input[name=password]").fill("s3cret-lobby");
        page.locator("#cap-add button[type=submit]").click();
        // the tile may come first (from the sources event), the form's answer a moment later
        page.locator(".toast-ok:has-text('Lobby added')").waitFor();
        page.locator(".cap-tile:has-text('Lobby')").waitFor();
        assertThat(page.locator("#cap-add input[name=password]").inputValue()).isEmpty();
        assertThat(page.content()).doesNotContain("s3cret-lobby");
        assertThat(fx.get("/api/v1/capture/sources").body()).contains("Lobby").doesNotContain("s3cret-lobby");

        page.locator(".cap-tile:has-text('Lobby') .cap-tile-name a").click();
        page.locator("#cap-remove").click();
        page.locator("dialog button[value=ok]").click();
        page.waitForURL("**#/capture");
        page.waitForFunction("() => document.querySelector('.cap-tile[data-source=test-1]') && ![...document.querySelectorAll('.cap-tile')].some((t) => t.textContent.includes('Lobby'))");
        assertThat(fx.get("/api/v1/capture/sources").body()).doesNotContain("Lobby");
    }
}
