package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.server.LiveServer;

/**
 * The explorer in Chromium: the tree of the root opened with the keyboard, a folder chosen with
 * Enter shows its assets, the route keeps it over a reload and back, and a folder whose files are
 * gone shows as missing.
 *
 * <pre>
 * media/trip/day1/clip.mp4, tone.mp3
 * media/trip/day2/frame.png       deleted by the test
 * media/other/short.mp4
 * </pre>
 */
class ExplorerUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "trip/day1/clip.mp4", TestMedia::h264Mp4,
            "trip/day1/tone.mp3", TestMedia::mp3,
            "trip/day2/frame.png", TestMedia::png,
            "other/short.mp4", TestMedia::shortClip));
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @BeforeAll
    static void root() {
        fx.dam().roots().addRoot(fx.media(), Actor.commandLine());
    }

    private Locator item(String name) {
        return page.locator("[role=treeitem]").filter(new Locator.FilterOptions()
                .setHas(page.locator(":scope > .tree-label .tree-name").getByText(name, new Locator.GetByTextOptions().setExact(true))));
    }

    private void awaitCards(int n) {
        page.waitForFunction("n => document.querySelectorAll('.grid .card').length === n", n);
    }

    @Test
    void theTreeOpensWithTheKeyboardAndAFolderShowsItsAssets() throws Exception {
        String root = fx.media().toRealPath().toString();
        open("#/explorer", 1280, 860);
        Locator rootItem = item(root);
        rootItem.waitFor();
        assertThat(page.locator("[role=tree]").getAttribute("aria-label")).isEqualTo("Folders");
        assertThat(rootItem.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(rootItem.locator(":scope > .tree-label .tree-facts").textContent()).startsWith("4 ·");
        assertThat(page.locator(".root-list").textContent()).contains(root).contains("4 assets");

        rootItem.focus();
        page.keyboard().press("ArrowRight");
        item("trip").waitFor();
        assertThat(rootItem.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(item("trip").getAttribute("aria-level")).isEqualTo("2");
        assertThat(item("trip").locator(":scope > .tree-label .tree-facts").textContent()).startsWith("3 ·");
        page.keyboard().press("ArrowDown"); // other
        page.keyboard().press("ArrowDown"); // trip
        assertThat(page.evaluate("() => document.activeElement.dataset.path")).isEqualTo(root + "/trip");
        page.keyboard().press("ArrowRight");
        item("day1").waitFor();
        page.keyboard().press("ArrowDown");
        page.keyboard().press("Enter");

        page.waitForFunction("p => decodeURIComponent(location.hash) === '#/explorer?path=' + p", root + "/trip/day1");
        awaitCards(2);
        assertThat(page.locator(".grid .card .card-title").allTextContents()).containsExactlyInAnyOrder("clip", "tone");
        assertThat(page.locator("h1").textContent()).isEqualTo("day1");
        assertThat(page.locator(".crumbs a").allTextContents()).containsExactly("Library roots", root, "trip");
        assertThat(item("day1").getAttribute("aria-selected")).isEqualTo("true");
        assertThat(page.evaluate("() => document.activeElement.dataset.path")).as("the tree keeps the focus")
                .isEqualTo(root + "/trip/day1");
        fx.screenshot(page, "explorer");

        // the route holds the folder: a reload comes back to it with the tree open down to it
        page.reload();
        awaitCards(2);
        assertThat(item("day1").getAttribute("aria-selected")).isEqualTo("true");
        // a click on another folder, then back
        item("day2").locator(":scope > .tree-label .tree-name").click();
        awaitCards(1);
        assertThat(page.locator("h1").textContent()).isEqualTo("day2");
        page.goBack();
        page.waitForFunction("() => document.querySelector('h1').textContent === 'day1'");
        awaitCards(2);

        // a folder whose files are all gone is shown as missing
        Files.delete(Path.of(fx.path("trip/day2/frame.png")));
        fx.dam().roots().prune(false, false, Actor.commandLine());
        page.navigate(fx.url("/#/explorer?path=" + java.net.URLEncoder.encode(root + "/trip", "UTF-8")));
        Page.WaitForFunctionOptions wait = new Page.WaitForFunctionOptions();
        page.waitForFunction("() => document.querySelector('.folder-chip.is-missing')", null, wait);
        assertThat(page.locator(".folder-chip.is-missing").textContent()).contains("day2").contains("missing");
        assertThat(item("day2").getAttribute("class")).contains("is-missing");
    }
}
