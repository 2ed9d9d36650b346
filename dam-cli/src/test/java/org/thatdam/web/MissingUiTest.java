package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.library.PruneReport;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.server.LiveServer;

/**
 * Assets whose files are gone, in Chromium: the "N missing" chip, the banner on a missing asset
 * and forgetting one asset or all of them (dry-run preview first).
 *
 * <pre>
 * media/keep/frame.png     stays
 * media/gone/clip.mp4      deleted by the test, then forgotten from its asset page
 * media/gone/tone.mp3      deleted by the test, then forgotten with "Forget missing…"
 * </pre>
 */
class MissingUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "keep/frame.png", TestMedia::png,
            "gone/clip.mp4", () -> TestMedia.clip(3, "160x120"),
            "gone/tone.mp3", TestMedia::mp3)).jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    void missingAssetsAreShownThenForgottenOneByOneOrAllAtOnce() throws Exception {
        long kept = fx.idOf("keep/frame.png");
        long clip = fx.idOf("gone/clip.mp4");
        long tone = fx.idOf("gone/tone.mp3");
        String clipPath = fx.path("gone/clip.mp4");
        String tonePath = fx.path("gone/tone.mp3");

        open("#/library", 1280, 860);
        page.locator(".grid .card").first().waitFor();
        page.waitForSelector("#conn[data-state=open]");
        Locator chip = page.locator(".chip-missing");
        assertThat(chip.isVisible()).as("no chip while nothing is missing").isFalse();

        // The files go; a prune marks their assets missing and the chip appears live.
        Files.delete(Path.of(clipPath));
        Files.delete(Path.of(tonePath));
        PruneReport marked = fx.dam().roots().prune(false, false, Actor.commandLine());
        assertThat(marked.missingAssets()).isEqualTo(2);
        chip.waitFor();
        page.waitForFunction("() => document.querySelector('.chip-missing').textContent === '2 missing'");
        assertThat(chip.getAttribute("aria-pressed")).isEqualTo("false");
        assertThat(page.locator(".forget-missing").isVisible()).isFalse();

        chip.click();
        page.waitForFunction("() => location.hash === '#/library?status=missing'");
        page.waitForFunction("() => document.querySelectorAll('.grid .card').length === 2");
        assertThat(chip.getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(page.locator(".toolbar select[name=status]").inputValue()).isEqualTo("missing");
        assertThat(page.locator(".forget-missing").isVisible()).isTrue();
        fx.screenshot(page, "library-missing");

        // The asset page says where the file was last seen, and forgets it after a confirmation.
        page.navigate(fx.url("/#/asset/" + clip));
        Locator banner = page.locator(".missing-banner");
        banner.waitFor();
        assertThat(banner.textContent()).startsWith("The file of this asset is gone (last seen at " + clipPath + ", ")
                .endsWith("Put it back and it is found again, or forget it.Forget");
        fx.screenshot(page, "asset-missing");
        Locator forget = banner.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Forget"));
        forget.click();
        Locator dialog = page.locator("dialog.dialog");
        assertThat(dialog.textContent()).contains("Forget this asset?").contains("already gone from disk");
        dialog.locator("button[value=cancel]").click();
        dialog.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        assertThat(fx.get("/api/v1/assets/" + clip).statusCode()).as("cancelled: still catalogued").isEqualTo(200);
        forget.click();
        page.locator("dialog.dialog button[value=ok]").click();
        page.waitForFunction("() => location.hash === '#/library?status=missing'");
        assertThat(fx.get("/api/v1/assets/" + clip).statusCode()).isEqualTo(404);

        // "Forget missing…" previews what a prune with purge would do, and does it on confirmation.
        page.waitForFunction("() => document.querySelector('.chip-missing').textContent === '1 missing'");
        page.waitForFunction("() => document.querySelectorAll('.grid .card').length === 1");
        // A root whose drive is unplugged is left alone, and the preview says so.
        Path drive = Files.createDirectories(fx.tmp().resolve("drive")).toRealPath();
        fx.dam().roots().addRoot(drive, Actor.commandLine());
        Files.delete(drive);
        page.locator(".forget-missing").click();
        dialog.waitFor();
        assertThat(dialog.locator(".prune-summary").textContent()).isEqualTo("1 asset and 1 file location would be forgotten.");
        assertThat(dialog.locator(".unavailable-roots").textContent()).contains("absent or empty").contains(drive.toString());
        assertThat(dialog.locator(".prune-paths li").allTextContents()).containsExactly(tonePath);
        assertThat(dialog.textContent()).contains("Nothing on disk is touched");
        fx.screenshot(page, "forget-missing");
        dialog.locator("button[value=cancel]").click();
        dialog.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        assertThat(fx.get("/api/v1/assets/" + tone).statusCode()).as("the preview changed nothing").isEqualTo(200);

        page.locator(".forget-missing").click();
        page.locator("dialog.dialog button[value=ok]").click();
        page.locator(".toast", new Page.LocatorOptions().setHasText("Forgot 1 asset.")).waitFor();
        page.waitForFunction("() => document.querySelectorAll('.grid .card').length === 0");
        chip.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
        assertThat(page.locator(".forget-missing").isVisible()).isFalse();
        assertThat(fx.get("/api/v1/assets/" + tone).statusCode()).isEqualTo(404);
        assertThat(fx.get("/api/v1/assets/" + kept).statusCode()).isEqualTo(200);
        assertThat(Files.exists(Path.of(fx.path("keep/frame.png")))).as("files on disk stay").isTrue();
    }
}
