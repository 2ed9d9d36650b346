package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.media.testing.DuplicateMedia;
import org.thatdam.server.LiveServer;

/** The duplicates page: copies side by side, what differs highlighted, the better master marked, keep with confirmation. */
class DuplicatesUiTest extends BrowserPages {

    private static Map<String, Supplier<Path>> media() {
        Map<String, Supplier<Path>> m = new LinkedHashMap<>();
        m.put("masters/original.mp4", DuplicateMedia::original);
        m.put("web/small.mp4", DuplicateMedia::reencoded);
        m.put("other/other.mp4", DuplicateMedia::other);
        return m;
    }

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(media()).jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    void showsTheCopiesSideBySideAndKeepsOneAfterConfirmation() throws Exception {
        long original = live.idOf("masters/original.mp4");
        long small = live.idOf("web/small.mp4");
        live.analyse(JobKind.FINGERPRINT, original, small, live.idOf("other/other.mp4"));
        open("#/library", 1280, 900);
        page.locator("#nav-more-button").click();
        page.locator("#nav-more-list a[href='#/duplicates']").click();
        Locator group = page.locator(".dup-group");
        group.waitFor();
        assertThat(page.locator(".dup-group").count()).isEqualTo(1);
        assertThat(page.locator(".page-duplicates [role=status]").textContent())
                .isEqualTo("1 group of copies among 3 fingerprinted videos");

        Locator members = group.locator(".dup-member");
        assertThat(members.count()).isEqualTo(2);
        Locator best = members.nth(0);
        assertThat(best.getAttribute("data-id")).isEqualTo(Long.toString(original));
        assertThat(best.locator(".dup-badge").textContent()).isEqualTo("Better master");
        assertThat(members.nth(1).locator(".dup-badge").count()).isZero();
        assertThat(group.locator(".dup-reason").textContent()).contains("higher resolution (640×360 vs 320×180)");
        // titles (file names) keep their case: innerText is what is shown, after any text-transform
        Locator title = best.locator("h3");
        assertThat(title.innerText()).isEqualTo(title.textContent()).containsPattern("\\p{Ll}");
        // side by side, posters made by the jobs
        assertThat(best.boundingBox().y).isEqualTo(members.nth(1).boundingBox().y);
        page.waitForFunction("() => [...document.querySelectorAll('.dup-member img.poster')].every((i) => i.complete && i.naturalWidth > 0)");
        // the facts that differ stand out; those that do not, do not
        assertThat(best.locator("dt.diff").allTextContents()).contains("Resolution", "Bitrate", "Size").doesNotContain("Video codec");
        assertThat(best.locator("dd.diff").first().textContent()).isEqualTo("640×360");
        assertNoSeriousA11yViolations(page);
        fx.screenshot(page, "duplicates");

        // keeping asks first; cancelled, nothing happens
        Locator keep = members.nth(1).getByText("Keep this one");
        keep.click();
        Locator dialog = page.locator("dialog.dialog");
        assertThat(dialog.textContent()).contains("Keep this one?").contains("original").contains("files stay on disk");
        dialog.locator("button[value=cancel]").click();
        dialog.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        assertThat(fx.get("/api/v1/assets/" + original).statusCode()).isEqualTo(200);

        keep.click();
        page.locator("dialog.dialog button[value=ok]").click();
        page.locator(".page-duplicates .empty").waitFor();
        assertThat(page.locator(".page-duplicates [role=status]").textContent())
                .isEqualTo("0 groups of copies among 2 fingerprinted videos");
        assertThat(fx.get("/api/v1/assets/" + original).statusCode()).isEqualTo(404);
        assertThat(fx.get("/api/v1/assets/" + small).statusCode()).isEqualTo(200);
        assertThat(Files.exists(live.mediaDir().resolve("masters/original.mp4"))).as("the file stays").isTrue();
        assertThat(consoleProblems).isEmpty();
    }
}
