package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.media.testing.SceneMedia;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.server.LiveServer;

/**
 * The scene strip under the player: a keyframe per scene, the scene being played highlighted, click and keyboard
 * seek, a "Similar" search per scene, {@code #/asset/ID?t=SECONDS} opening the page at that time, and a new analysis
 * asked from the strip, whose failure it explains.
 */
class ScenesUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<Path>>of("cuts.mp4", SceneMedia::cuts,
                    "other.mp4", TestMedia::h264Mp4))
            .config(ConfigKey.SEMANTIC_AUTO, "true").jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    private double currentTime() {
        return ((Number) page.evaluate("() => document.querySelector('.vplayer video').currentTime")).doubleValue();
    }

    private void awaitCurrent(int index) {
        page.waitForFunction("i => document.querySelectorAll('.scene-item')[i]?.classList.contains('current')", index);
    }

    @Test
    void theStripShowsTheScenesFollowsThePlayerAndSeeks() {
        long id = live.idOf("cuts.mp4");
        open("#/asset/" + id + "?t=7", 1280, 900);
        Locator items = page.locator(".scene-strip .scene-item");
        items.nth(2).waitFor();
        assertThat(items.count()).isEqualTo(3);
        assertThat(page.locator(".scene-status").textContent()).contains("3 scenes");
        page.waitForFunction("() => [...document.querySelectorAll('.scene-item img')].every(i => i.complete && i.naturalWidth === 320)");
        assertThat(items.locator(".scene-time").allTextContents()).containsExactly("0:00.0", "0:03.0", "0:06.0");

        // opened at ?t=7: the player is there, and the third scene (6–12 s) is the current one
        page.waitForFunction("() => Math.abs(document.querySelector('.vplayer video').currentTime - 7) < 0.05");
        awaitCurrent(2);
        assertThat(items.nth(2).locator(".scene-seek").getAttribute("aria-current")).isEqualTo("true");

        // a click seeks to the scene's start
        items.nth(1).locator(".scene-seek").click();
        page.waitForFunction("() => Math.abs(document.querySelector('.vplayer video').currentTime - 3) < 0.05");
        awaitCurrent(1);
        assertThat(items.nth(2).getAttribute("class")).doesNotContain("current");

        // the keyboard: arrows move between scenes (not the player), Enter seeks
        items.nth(1).locator(".scene-seek").focus();
        page.keyboard().press("ArrowLeft");
        assertThat((Boolean) page.evaluate("() => document.activeElement === document.querySelectorAll('.scene-seek')[0]"))
                .isTrue();
        assertThat(currentTime()).as("the arrow did not seek the player").isBetween(2.95, 3.05);
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.querySelector('.vplayer video').currentTime < 0.05");
        awaitCurrent(0);

        // while playing, the highlight moves on at the cut
        page.evaluate("() => { const v = document.querySelector('.vplayer video'); v.muted = true; v.currentTime = 2.6; v.play(); }");
        awaitCurrent(1);
        page.evaluate("() => document.querySelector('.vplayer video').pause()");

        // "Similar" searches for scenes like this one
        String sceneId = items.nth(1).getAttribute("data-scene-id");
        assertThat(items.nth(1).locator(".scene-similar").getAttribute("href"))
                .isEqualTo("#/search?q=similar%3Ascene%3A" + sceneId);
        // the strip lists scenes, which have no vectors of their own: with its beats' (here the asset's own
        // text vector, so the asset is the one neighbour), the link finds the clip
        live.dam().catalog().write(s -> {
            var v = s.embeddings().forAsset(id, "text").orElseThrow();
            for (var b : s.scenes().list(id)) if (b.level() == 2) s.embeddings().putScene(b.id(), id, v);
            return null;
        });
        live.dam().search().catchUp();
        items.nth(1).locator(".scene-similar").click();
        page.locator(".results .card").first().waitFor();
        assertThat(page.locator(".results .card").count()).isEqualTo(1);
        assertThat(page.locator(".query-error").isVisible()).isFalse();
        assertThat(policyMessages()).isEmpty();
    }

    @Test
    void editorsFindScenesAgainAndAFailedAnalysisSaysWhy() throws Exception {
        long id = live.idOf("other.mp4");
        open("#/asset/" + id, 1280, 900);
        Locator status = page.locator(".scene-status");
        page.locator(".scene-item").first().waitFor();
        String before = page.locator(".scene-item").first().getAttribute("data-scene-id");
        assertThat(status.locator(".scene-find").textContent()).isEqualTo("Find again");

        // a new analysis replaces the scenes
        status.locator(".scene-find").click();
        page.waitForFunction("id => { const i = document.querySelector('.scene-item');"
                + " return i && i.dataset.sceneId !== id && /^\\d+ scenes?/.test(document.querySelector('.scene-status').textContent); }",
                before);
        assertThat(status.locator(".scene-error").count()).isZero();

        // the file changed on disk since the scan: the analysis fails, and the strip says why
        Path file = live.mediaDir().resolve("other.mp4");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));
        status.locator(".scene-find").click();
        Locator error = status.locator(".scene-error");
        error.waitFor();
        assertThat(error.textContent()).contains("finding them again failed").contains("scan again");
        assertThat(page.locator(".scene-item").count()).as("the scenes found before stay").isPositive();

        // opened again, the page knows it from the asset's jobs
        open("#/asset/" + id, 1280, 900);
        page.locator(".scene-status .scene-error").waitFor();
        assertThat(page.locator(".scene-status .scene-find").textContent()).isEqualTo("Find again");
        assertThat(policyMessages()).isEmpty();
    }
}
