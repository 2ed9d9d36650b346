package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Actor;
import org.thatdam.model.ScanReport;
import org.thatdam.core.scan.ScanService;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.server.LiveServer;

/**
 * The scan page's "Recent scans" in Chromium: a watcher scan of many changed files is one short
 * line that opens onto the paths, and a scan's problems (a root that is not there) are visible.
 */
class ScanHistoryUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "keep/frame.png", TestMedia::png)).jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);
    static final int BULK = 25;

    @BeforeAll
    static void start() {
        fx.dam().roots().addRoot(fx.media(), Actor.commandLine()); // the server scans only inside library roots
    }

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    void watcherScansAreSummarisedAndProblemsShown() throws Exception {
        Path bulk = fx.media().resolve("Footage/Bulk");
        List<Path> changed = new ArrayList<>();
        for (int i = 0; i < BULK; i++) {
            changed.add(TestMedia.copy(TestMedia.png(), bulk, String.format("frame-%02d.png", i)).toRealPath());
        }
        ScanReport many = fx.dam().scans().submit(changed, List.of(), ScanService.Trigger.WATCH).report().get(60, TimeUnit.SECONDS);
        assertThat(many.scanned()).isEqualTo(BULK);
        Path unplugged = fx.tmp().resolve("unplugged-drive");
        ScanReport offline = fx.dam().scans().submit(List.of(unplugged), List.of(), ScanService.Trigger.RESCAN)
                .report().get(60, TimeUnit.SECONDS);
        assertThat(offline.problems()).singleElement().satisfies(p -> assertThat(p.path()).isEqualTo(unplugged.toString()));

        open("#/scan", 1280, 860);
        Locator rows = page.locator(".recent-scans tbody tr");
        page.waitForFunction("() => document.querySelectorAll('.recent-scans tbody tr').length === 2");
        Locator watcherRow = rows.filter(new Locator.FilterOptions().setHasText("Bulk"));
        Locator summary = watcherRow.locator(".scan-targets summary");
        assertThat(summary.textContent()).isEqualTo(BULK + " paths under …/Footage/Bulk");
        assertThat(summary.getAttribute("title")).isEqualTo(bulk.toRealPath().toString());
        assertThat(watcherRow.locator(".scan-targets li").first().isVisible()).as("the paths wait for a click").isFalse();
        // The table stays about as wide as the page instead of several screens wide.
        double tableWidth = ((Number) page.evaluate("() => document.querySelector('.recent-scans table').getBoundingClientRect().width")).doubleValue();
        assertThat(tableWidth).isLessThan(1280);
        summary.click();
        // Listed by their names under that folder, each with its full path as a tooltip.
        assertThat(watcherRow.locator(".scan-targets li").allTextContents())
                .hasSize(21).startsWith("frame-00.png").endsWith("… and " + (BULK - 20) + " more");
        assertThat(watcherRow.locator(".scan-targets li").first().getAttribute("title")).isEqualTo(changed.get(0).toString());
        assertThat(watcherRow.locator(".scan-problems").textContent()).isEqualTo("0");

        Locator offlineRow = rows.filter(new Locator.FilterOptions().setHasText("unplugged-drive"));
        assertThat(offlineRow.locator(".scan-target").textContent()).isEqualTo(unplugged.toString());
        Locator problems = offlineRow.locator(".scan-problems");
        assertThat(problems.locator("summary").textContent()).isEqualTo("1");
        problems.locator("summary").click();
        assertThat(problems.locator("li").first().textContent())
                .isEqualTo(unplugged + " — " + offline.problems().get(0).error());
        fx.screenshot(page, "scan-history");
    }
}
