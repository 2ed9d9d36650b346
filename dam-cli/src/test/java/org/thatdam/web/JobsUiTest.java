package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.server.LiveServer;

/**
 * The jobs page in Chromium with the real engine: the queue at a glance, pause and resume from the
 * keyboard, live progress to "all caught up", failures first with their error and a retry, finished
 * groups collapsed, grouping by kind, clearing failed jobs, and a phone-width layout.
 */
class JobsUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<Path>>of(
            "clip.mp4", TestMedia::h264Mp4, "tone.mp3", TestMedia::mp3, "old.avi", TestMedia::aviMsmpeg4v3));
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    /** Waits include the real engine making every derivative. */
    @Override
    int timeoutMs() {
        return 60_000;
    }

    @Test
    void theQueueAtAGlancePausesResumesAndShowsFailuresFirst() throws Exception {
        open("#/jobs", 1280, 900);
        Locator headline = page.locator(".jobs-headline");
        page.waitForSelector("details.job-group");
        // Nothing has run: every planned job waits (the engine is not started yet).
        assertThat(headline.textContent()).contains("11 jobs to go").contains("time left not known yet");
        assertThat(page.locator("details.job-group").count()).isEqualTo(3);
        assertThat(page.locator("details.job-group[open]").count()).as("groups with work to do are open").isEqualTo(3);

        // Pause from the keyboard: the button is reachable and Enter presses it.
        page.locator("button[data-action=pause]").focus();
        page.keyboard().press("Enter");
        page.waitForSelector(".jobs-headline[data-paused=true]");
        assertThat(headline.textContent()).contains("Paused by admin");
        assertThat(fx.getJson("/api/v1/jobs/summary").get("paused").asBoolean()).isTrue();
        assertThat(page.locator("button[data-action=resume]").evaluate("b => b === document.activeElement"))
                .as("focus stays on the queue's button").isEqualTo(true);

        live.dam().engine().start();
        // The tone's file goes away before its jobs run: they will fail.
        Files.delete(Paths.get(live.path("tone.mp3")));
        page.locator("button[data-action=resume]").click();
        page.waitForFunction("() => document.querySelector('.jobs-headline').textContent.includes('All caught up')");
        JsonNode summary = fx.getJson("/api/v1/jobs/summary");
        assertThat(summary.get("counts").get("failed").asInt()).isEqualTo(3);

        // Failures first, open, with their error and a retry; finished groups collapse.
        Locator first = page.locator("details.job-group").first();
        page.waitForFunction("() => document.querySelector('details.job-group')?.dataset.failed === '3'");
        assertThat(first.getAttribute("open")).isNotNull();
        assertThat(first.locator(".job[data-state=failed] .job-error").first().textContent()).contains("on disk");
        assertThat(first.locator(".job[data-state=failed] button[data-action=retry]").count()).isEqualTo(3);
        page.waitForFunction("() => document.querySelectorAll('details.job-group:not([open])').length === 2");
        assertThat(page.locator("details.job-group").nth(1).locator("summary").textContent()).contains("finished");
        fx.screenshot(page, "jobs");

        // A collapsed group opens from the keyboard.
        Locator closed = page.locator("details.job-group").nth(1);
        closed.locator("summary").focus();
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.querySelectorAll('details.job-group')[1].open");
        assertThat(closed.locator(".job[data-state=done]").count()).isPositive();

        // By kind: the poster group holds the failure, so it comes first.
        page.locator(".tab[data-view=kind]").click();
        page.waitForFunction("() => location.hash === '#/jobs?view=kind'");
        page.waitForSelector("details.job-group[data-key=poster]");
        assertThat(page.locator("details.job-group").first().getAttribute("data-key")).isIn("poster", "proxy", "full-hash");
        assertThat(page.locator("details.job-group").first().getAttribute("data-failed")).isEqualTo("1");
        // The grouping chosen is remembered for this person: the plain Jobs link opens it again.
        page.navigate(fx.url("/#/library"));
        page.navigate(fx.url("/#/jobs"));
        page.waitForSelector("details.job-group[data-key=poster]");
        assertThat(page.locator(".tab[data-view=kind]").getAttribute("aria-current")).isEqualTo("page");

        // Clearing failed jobs asks first, then they are gone from the list and the counts.
        page.locator("button[data-action=clear-failed]").click();
        page.locator("dialog button[value=ok]").click();
        page.waitForFunction("() => !document.querySelector('details.job-group[data-failed]:not([data-failed=\"0\"])')");
        assertThat(fx.getJson("/api/v1/jobs/summary").get("counts").get("failed").asInt()).isZero();
        page.locator(".jobs-counts [data-state=failed]").waitFor();
        assertThat(page.locator(".jobs-counts [data-state=failed]").textContent()).isEqualTo("0 failed");

        // All jobs: the list by state, from the counts at the top.
        page.locator(".jobs-counts [data-state=done] a").click();
        page.waitForFunction("() => location.hash === '#/jobs?view=list&state=done'");
        page.waitForSelector(".job-list .job[data-state=done]");
        assertThat(page.locator(".job:not([data-state=done])").count()).isZero();
    }

    @Test
    void onAPhoneTheGroupsFitTheScreen() {
        Page p = open("#/jobs", 390, 844);
        p.waitForSelector("details.job-group, .jobs-body .empty");
        p.waitForSelector(".jobs-headline");
        Object overflow = p.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
        fx.screenshot(p, "jobs-phone");
    }
}
