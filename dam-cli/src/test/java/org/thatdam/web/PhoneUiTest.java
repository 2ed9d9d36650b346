package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Principal;
import org.thatdam.model.ShareLink;
import org.thatdam.server.LiveServer;

/**
 * The dashboard on a phone (390×844, touch): the navigation behind a menu button, no page wider
 * than the screen, touch-sized targets, no keyboard hints; and installed as an app (manifest,
 * icons, a service worker that starts the shell offline).
 */
class PhoneUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia().jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    static Browser.NewContextOptions phone() {
        return new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true).setHasTouch(true)
                .setDeviceScaleFactor(2);
    }

    /** What is wider than the screen (the page scrolls sideways), or "" when nothing is. */
    static String overflow(Page p) {
        return (String) p.evaluate("""
                () => {
                  const w = document.scrollingElement.scrollWidth, vw = innerWidth;
                  if (w <= vw) return '';
                  const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > vw + 1)
                    .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).replace(/ /g, '.') : ''));
                  return `${w} > ${vw}: ${wide.join(', ')}`;
                }""");
    }

    /** Visible controls smaller than `min` px in either direction (links inside text excepted). */
    @SuppressWarnings("unchecked")
    static List<String> smallTargets(Page p, int min) {
        return (List<String>) p.evaluate("""
                (min) => [...document.querySelectorAll('button, .btn, select, input:not([type=hidden]), .chip, .tab, .nav a, [role=menuitem]')]
                  .filter((el) => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
                  .map((el) => [el, el.getBoundingClientRect()])
                  .filter(([, r]) => r.width > 0 && (r.width < min || r.height < min))
                  .map(([el, r]) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || el.name || '').trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`)""",
                min);
    }

    @Test
    void noPageScrollsSidewaysAndEveryTargetIsTouchSized() {
        newPage(phone()).navigate(fx.url("/#/library"));
        List<String> problems = new ArrayList<>();
        for (var e : fx.signedInPages().entrySet()) {
            page.navigate(fx.url("/" + e.getValue()));
            page.waitForFunction("h => location.hash === h", e.getValue());
            AccessibilityUiTest.settle(page);
            String wide = overflow(page);
            if (!wide.isEmpty()) problems.add(e.getKey() + ": wider than the screen: " + wide);
            smallTargets(page, 24).forEach(t -> problems.add(e.getKey() + ": target under 24 px: " + t));
        }
        fx.screenshot(page, "phone-audit");
        context.close();

        newAnonymousPage(phone());
        page.navigate(fx.url("/#/login"));
        AccessibilityUiTest.settle(page);
        if (!overflow(page).isEmpty()) problems.add("login: " + overflow(page));
        ShareLink link = fx.dam().shares().create(fx.idOf("trip/clip.mp4"), null, null, null, Principal.commandLine(), null);
        page.navigate(fx.url("/share.html#" + link.token()));
        page.locator(".share-stage video").waitFor();
        if (!overflow(page).isEmpty()) problems.add("share page: " + overflow(page));
        assertThat(problems).isEmpty();
    }

    @Test
    void theNavigationFoldsIntoAMenuWithTouchSizedLinksAndNoKeyHints() {
        newPage(phone()).navigate(fx.url("/#/library"));
        page.locator(".grid .card").first().waitFor();
        Locator toggle = page.locator("#nav-toggle");
        Locator nav = page.locator("#main-nav");
        assertThat(toggle.isVisible()).isTrue();
        assertThat(nav.isVisible()).as("links folded away").isFalse();
        assertThat(page.evaluate("() => matchMedia('(hover: none)').matches")).as("a touch screen").isEqualTo(true);
        assertThat(page.locator(".global-search kbd").isVisible()).as("no '/' hint on a touch screen").isFalse();
        // the header's controls fit the screen and are 44 px
        for (String sel : List.of("#nav-toggle", "#user-button", "#global-search")) {
            var box = page.locator(sel).boundingBox();
            assertThat(box.height).as(sel).isGreaterThanOrEqualTo(44);
            assertThat(box.x + box.width).as(sel + " within the screen").isLessThanOrEqualTo(390);
        }

        toggle.tap();
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        Locator links = nav.locator("a");
        assertThat(links.count()).isGreaterThanOrEqualTo(7);
        for (int i = 0; i < links.count(); i++) {
            var box = links.nth(i).boundingBox();
            assertThat(box).as("link %s shown", links.nth(i).textContent()).isNotNull();
            assertThat(box.height).isGreaterThanOrEqualTo(44);
            assertThat(box.x + box.width).isLessThanOrEqualTo(390);
            assertThat(box.y + box.height).as("on the screen").isLessThanOrEqualTo(844);
        }
        fx.screenshot(page, "phone-menu");
        nav.locator("a[data-page=jobs]").tap();
        page.waitForFunction("() => location.hash === '#/jobs'");
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(nav.isVisible()).isFalse();

        // Escape closes it and gives the focus back to the button
        toggle.click();
        assertThat(nav.isVisible()).isTrue();
        page.keyboard().press("Escape");
        assertThat(nav.isVisible()).isFalse();
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("nav-toggle");
        assertThat(overflow(page)).isEmpty();
    }

    /** What in the header runs out of its place or under the search box at the current width, or "" when nothing does. */
    static String headerProblems(Page p) {
        return (String) p.evaluate("""
                () => {
                  const out = [];
                  const nav = document.getElementById('main-nav');
                  if (nav.scrollWidth > nav.clientWidth) out.push(`the links overflow the navigation (${nav.scrollWidth} > ${nav.clientWidth})`);
                  const f = document.getElementById('global-search-form').getBoundingClientRect();
                  if (f.width < 100 || f.right > innerWidth) out.push(`search box ${Math.round(f.left)}..${Math.round(f.right)}`);
                  for (const el of document.querySelectorAll('.topbar > :not(#global-search-form), #main-nav a, #main-nav summary')) {
                    const r = el.getBoundingClientRect();
                    if (r.width > 0 && r.left < f.right && r.right > f.left && r.top < f.bottom && r.bottom > f.top)
                      out.push(`${el.id || el.className || el.textContent.trim()} overlaps the search box`);
                  }
                  return out.join('; ');
                }""");
    }

    @Test
    void betweenAPhoneAndAWideScreenTheLinksFitOrFoldNeverUnderTheSearchBox() {
        newPage(1280, 800).navigate(fx.url("/#/library"));
        page.locator(".grid .card").first().waitFor();
        page.evaluate("async () => (await import('/lib/savedsearches.js')).saveSearch({ name: 'Sounds of tone', query: 'tone' })");
        List<String> problems = new ArrayList<>();
        try {
            page.locator("#nav-saved summary").waitFor();
            for (int width : List.of(1280, 1181, 1024, 900, 390)) {
                page.setViewportSize(width, 800);
                page.waitForFunction("w => innerWidth === w", width);
                String p = headerProblems(page);
                if (!p.isEmpty()) problems.add(width + " px: " + p);
                boolean folded = page.locator("#nav-toggle").isVisible();
                assertThat(page.locator("#main-nav").isVisible()).as("%d px: links shown or folded", width).isNotEqualTo(folded);
            }
        } finally {
            page.evaluate("""
                    async () => { const m = await import('/lib/savedsearches.js');
                      for (const s of m.savedSearches()) await m.deleteSavedSearch(s.id); }""");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theManifestAndIconsAreServedForInstalling() throws IOException {
        HttpResponse<String> r = fx.get("/manifest.webmanifest");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/manifest+json");
        JsonNode m = LiveServer.parse(r.body());
        assertThat(m.get("name").asText()).isEqualTo("That DAM Toolbox");
        assertThat(m.get("display").asText()).isEqualTo("standalone");
        assertThat(m.get("start_url").asText()).startsWith("/");
        assertThat(m.get("theme_color").asText()).matches("#[0-9a-f]{6}");
        List<String> purposes = new ArrayList<>();
        for (JsonNode icon : m.get("icons")) {
            if (!icon.get("type").asText().equals("image/png")) continue;
            HttpResponse<byte[]> png = live.getBytes("/" + icon.get("src").asText());
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("content-type").orElse("")).isEqualTo("image/png");
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(img.getWidth() + "x" + img.getHeight()).isEqualTo(icon.get("sizes").asText());
            purposes.add(icon.get("sizes").asText() + " " + icon.path("purpose").asText("any"));
        }
        assertThat(purposes).contains("192x192 any", "512x512 any", "512x512 maskable");
        HttpResponse<String> sw = fx.get("/sw.js");
        assertThat(sw.headers().firstValue("content-type").orElse("")).contains("javascript");
        assertThat(sw.headers().firstValue("content-security-policy").orElse(""))
                .contains("worker-src 'self'").contains("manifest-src 'self'");
    }

    @Test
    void theServiceWorkerStartsTheShellOfflineAndNeverKeepsApiAnswers() {
        newPage(phone()).navigate(fx.url("/#/library"));
        page.locator(".grid .card").first().waitFor();
        Object script = page.evaluate("async () => (await navigator.serviceWorker.ready).active.scriptURL");
        assertThat(script).isEqualTo(fx.url("/sw.js"));
        // once the worker controls the page, the files it loads are kept
        page.reload();
        page.waitForFunction("() => navigator.serviceWorker.controller !== null");
        page.locator(".grid .card").first().waitFor();

        context.setOffline(true);
        page.reload();
        page.locator(".topbar .brand").waitFor();
        page.locator("#app .error-box").waitFor(); // the shell runs and says the server cannot be reached
        @SuppressWarnings("unchecked")
        List<String> kept = (List<String>) page.evaluate("""
                async () => (await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).map((r) => r.url)))).flat()""");
        assertThat(kept).contains(fx.url("/app.js"), fx.url("/styles.css"), fx.url("/lib/dom.js"));
        assertThat(kept).noneMatch(u -> u.contains("/api/"));
        context.setOffline(false);
        consoleProblems.clear(); // the offline start's failed requests were the point
    }
}
