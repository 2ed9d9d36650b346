package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.playwright.Locator;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.testing.SlideClips;
import org.thatdam.model.Asset;
import org.thatdam.server.LiveServer;

/** The asset page of a slide video lists the text read on its keyframes with their times; a click seeks there. */
class ScreenTextUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<java.nio.file.Path>>of(
            "deck.mp4", SlideClips::deck)).config(ConfigKey.SEMANTIC_AUTO, "true").jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    void onScreenTextIsListedWithItsTimeAndSeeksThePlayer() {
        long id = fx.idOf("deck.mp4");
        Asset a = fx.dam().catalog().read(s -> s.assets().find(id)).orElseThrow();
        long job = fx.dam().catalog().write(s -> s.jobs().enqueue(JobKind.OCR.forVersion(id, a.currentVersionId()),
                System.currentTimeMillis()));
        fx.dam().engine().signal();
        assertThat(live.awaitJob(job).path("state").asText()).isEqualTo("done");

        open("#/asset/" + id, 1280, 860);
        Locator panel = page.locator(".screentext-panel");
        Locator roadmap = panel.locator(".screentext-line", new Locator.LocatorOptions().setHasText("Q3 roadmap"));
        roadmap.waitFor();
        assertThat(panel.locator("h2").textContent()).isEqualTo("On-screen text");
        assertThat(panel.locator(".screentext-line", new Locator.LocatorOptions().setHasText("Thank you")).count())
                .isEqualTo(1);
        double t = Double.parseDouble(roadmap.getAttribute("data-t"));
        assertThat(t).as("the roadmap slide is on screen from 2 s to 4 s").isBetween(2.0, 4.0);
        assertThat(roadmap.locator(".screentext-time").textContent()).startsWith("0:0" + (int) t);

        page.locator(".asset-stage video").waitFor();
        roadmap.click();
        page.waitForFunction("t => Math.abs(document.querySelector('.asset-stage video').currentTime - t) < 0.05", t);
        double now = ((Number) page.evaluate("document.querySelector('.asset-stage video').currentTime")).doubleValue();
        assertThat(now).isCloseTo(t, within(0.05));
        assertNoSeriousA11yViolations(page, ".screentext-panel");
        fx.screenshot(page, "asset-screen-text");
    }
}
