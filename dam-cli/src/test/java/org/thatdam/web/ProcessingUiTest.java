package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.motion.MotionMedia;
import org.thatdam.server.LiveServer;

/** The processing panels of the asset page in Chromium: motion timeline, idle trim, ffmpeg console, files. */
class ProcessingUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "scene.mp4", MotionMedia::scene,
            "idle.mp4", MotionMedia::idleClip)).jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    /** Waits include a processing job run by the real engine. */
    @Override
    int timeoutMs() {
        return 30_000;
    }

    Page open(String hash) {
        return open(hash, 1280, 900);
    }

    @Test
    void motionTimelineUnderThePlayerSeeksToASegment() {
        long id = fx.idOf("scene.mp4");
        open("#/asset/" + id);
        Locator form = page.locator("form[data-form=motion]");
        form.locator("input[name=peakFrames]").fill("2");
        form.locator("input[name=clip]").check();
        form.locator("button[type=submit]").click();
        page.waitForSelector(".motion-panel .motion-seg");
        assertThat(page.locator(".motion-seg").count()).isEqualTo(2);
        assertThat(page.locator(".vp-markers .marker[data-kind=motion]").count()).as("marked on the seek bar").isEqualTo(2);
        assertThat(page.locator(".motion-panel .proc-summary").textContent()).contains("2 part(s)");
        page.waitForSelector(".peak-stills img");
        assertThat(page.locator(".peak-stills img").count()).isEqualTo(2);
        page.waitForFunction("() => [...document.querySelectorAll('.peak-stills img')].every(i => i.complete && i.naturalWidth > 0)");

        // Clicking the second segment seeks the player to its start (11 s ± 0.5).
        page.locator("video").evaluate("v => new Promise(r => v.readyState >= 1 ? r() : v.addEventListener('loadedmetadata', () => r(), { once: true }))");
        page.locator(".motion-seg").nth(1).click(new Locator.ClickOptions().setForce(true));
        page.waitForFunction("() => Math.abs(document.querySelector('video').currentTime - 11) < 0.6");
        page.locator(".motion-segments button").first().click();
        page.waitForFunction("() => Math.abs(document.querySelector('video').currentTime - 3) < 0.6");

        page.locator("[role=tab][data-tab=files]").click();
        Locator files = page.locator(".files-panel");
        files.locator("tr[data-kind=motion-clip]").waitFor();
        assertThat(files.locator("tr[data-kind=motion-clip] a").getAttribute("href"))
                .isEqualTo("/api/v1/assets/" + id + "/derivatives/motion-clip?download=1");
        fx.screenshot(page, "motion");

        // Deleting the clip from the files list asks first, then it is gone.
        files.locator("tr[data-kind=motion-clip] button").click();
        page.locator("dialog button[value=ok]").click();
        page.waitForSelector(".files-panel tr[data-kind=motion-clip]", new Page.WaitForSelectorOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
        assertThat(fx.get("/api/v1/assets/" + id + "/derivatives/motion-clip").statusCode()).isEqualTo(404);
        assertThat(files.locator("tr[data-kind=poster-small] button").count()).as("built-ins cannot be deleted").isZero();
    }

    @Test
    void idleTrimFindsRangesThenTrims() {
        long id = fx.idOf("idle.mp4");
        open("#/asset/" + id);
        Locator form = page.locator("form[data-form=trim]");
        form.locator("button[value=dry]").click();
        page.waitForSelector(".trim-panel .trim-ranges");
        assertThat(page.locator(".trim-ranges tr[data-range=keep]").count()).isEqualTo(2);
        assertThat(page.locator(".trim-panel .proc-summary").textContent()).contains("dry run");
        assertThat(page.locator(".range-bar .kept").count()).isEqualTo(2);
        int cut = fx.getJson("/api/v1/assets/" + id + "/trim-idle").get("removed").size();
        assertThat(cut).isPositive();
        page.waitForCondition(() -> page.locator(".vp-markers .marker[data-kind=idle]").count() == cut);

        form.locator("button[value=trim]").click();
        page.waitForSelector(".trim-panel a[href$='/derivatives/idle-trimmed']");
        JsonNode report = fx.getJson("/api/v1/assets/" + id + "/trim-idle");
        assertThat(report.get("outputSec").asDouble()).isBetween(6.0, 7.6);
        fx.screenshot(page, "idle-trim");
    }

    @Test
    void ffmpegConsoleRunsAPresetAndRefusesAHostileCommandNamingTheToken() {
        long id = fx.idOf("idle.mp4");
        open("#/asset/" + id);
        Locator form = page.locator("form[data-form=ffmpeg]");
        form.locator("select[name=preset]").selectOption("gif");
        form.locator("input[data-param=duration]").fill("1");
        form.locator("input[data-param=width]").fill("160");
        form.locator("button[type=submit]").click();
        page.waitForSelector(".run[data-state=ok] .run-outputs a");
        assertThat(page.locator(".run[data-state=ok] .run-cmd").first().textContent()).contains("palettegen").contains("{{input}}");
        // the output is saved under the asset's name and the preset's
        page.waitForFunction("() => document.querySelector('.run[data-state=ok] .run-outputs a').textContent === 'idle.gif.gif'");
        com.microsoft.playwright.Download saved = page.waitForDownload(() -> page.locator(".run[data-state=ok] .run-outputs a").first().click());
        assertThat(saved.suggestedFilename()).isEqualTo("idle.gif.gif");

        form.locator("select[name=preset]").selectOption("");
        form.locator("input[name=args]").fill("-i {{input}} -vf 'scale=2:2,movie=/etc/passwd' {{output.mp4}}");
        assertThat(page.locator(".token-view .token").count()).isEqualTo(5);
        int runsBefore = page.locator(".run").count();
        form.locator("button[type=submit]").click();
        page.waitForSelector(".console-error:not([hidden])");
        assertThat(page.locator(".console-error").textContent()).contains("argument 4").contains("movie");
        assertThat(page.locator(".token.rejected").textContent()).isEqualTo("scale=2:2,movie=/etc/passwd");
        assertThat(page.locator(".run").count()).isEqualTo(runsBefore);
        fx.screenshot(page, "ffmpeg-console");

        open("#/ffmpeg");
        page.waitForSelector("tr[data-run]");
        assertThat(page.locator("tr[data-run]").first().textContent()).contains("ok");
        assertThat(page.locator(".meta-grid").textContent()).contains("contact-sheet");
    }
}
