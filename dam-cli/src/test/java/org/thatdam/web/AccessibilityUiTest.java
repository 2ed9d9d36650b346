package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.ReducedMotion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.model.Principal;
import org.thatdam.model.ShareLink;
import org.thatdam.server.LiveServer;

/**
 * Every page of the dashboard, in the dark and the light scheme, checked by axe-core for serious
 * WCAG A/AA violations (contrast, names, roles, labels…), with no console error or warning and no
 * policy report on the way; focus is visible and reduced motion stops the animations.
 */
class AccessibilityUiTest extends BrowserPages {

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

    /** Waits until the route's page has drawn its content (a heading or its empty state, nothing loading). */
    static void settle(Page p) {
        p.waitForFunction("""
                () => {
                  const s = document.querySelector('#app > section.page, #share');
                  return s && s.querySelector('h1, .empty, .error-box') && !s.querySelector('.loading');
                }""");
    }

    @ParameterizedTest
    @EnumSource(value = ColorScheme.class, names = {"DARK", "LIGHT"})
    void everyPageHasNoSeriousViolationsNorConsoleProblems(ColorScheme scheme) {
        List<String> problems = new ArrayList<>();
        newPage(new Browser.NewContextOptions().setViewportSize(1280, 900).setColorScheme(scheme));
        page.navigate(fx.url("/#/library"));
        page.waitForSelector("#conn[data-state=open]");
        for (var e : fx.signedInPages().entrySet()) {
            check(problems, e.getKey(), e.getValue());
        }
        context.close();

        newAnonymousPage(new Browser.NewContextOptions().setViewportSize(1280, 900).setColorScheme(scheme));
        page.navigate(fx.url("/#/login"));
        check(problems, "login", "#/login");
        check(problems, "setup", "#/setup");
        ShareLink link = fx.dam().shares().create(null, "trip", null, null, Principal.commandLine(), null);
        page.navigate(fx.url("/share.html#" + link.token()));
        settle(page);
        page.locator(".share-card").first().waitFor();
        collect(problems, "share page");
        assertThat(problems).as("accessibility and console problems (%s scheme)", scheme).isEmpty();
    }

    private void check(List<String> problems, String name, String hash) {
        consoleProblems.clear();
        page.navigate(fx.url("/" + hash));
        page.waitForFunction("h => location.hash === h", hash);
        settle(page);
        collect(problems, name);
    }

    private void collect(List<String> problems, String name) {
        a11yViolations(page).forEach(v -> problems.add(name + ": " + v));
        synchronized (consoleProblems) {
            consoleProblems.forEach(m -> problems.add(name + ": console " + m));
            consoleProblems.clear();
        }
    }

    /** Contrast ratio (WCAG) of two computed colours of the page, e.g. ['rgb(1, 2, 3)', 'rgb(…)']. */
    static final String CONTRAST = """
            (a, b) => {
              const lum = (c) => {
                const [r, g, bl] = c.match(/[\\d.]+/g).slice(0, 3).map((v) => {
                  const s = v / 255;
                  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
                });
                return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
              };
              const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
              return (x + 0.05) / (y + 0.05);
            }""";

    @ParameterizedTest
    @EnumSource(value = ColorScheme.class, names = {"DARK", "LIGHT"})
    void primaryButtonsAndFocusRingsContrast(ColorScheme scheme) {
        // the scheme under test, whatever another test left as this person's theme
        var reset = live.send(java.net.http.HttpRequest.newBuilder(live.uri("/api/v1/auth/preferences/theme"))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"value\":\"system\"}")));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
        // (reduced motion: the hover colour applies at once instead of after its transition)
        newPage(new Browser.NewContextOptions().setViewportSize(1280, 900).setColorScheme(scheme).setReducedMotion(ReducedMotion.REDUCE));
        page.navigate(fx.url("/#/account"));
        var button = page.locator("#password-form .btn.primary");
        button.waitFor();
        String js = "(el) => { const st = getComputedStyle(el); return (" + CONTRAST + ")(st.color, st.backgroundColor); }";
        assertThat(((Number) button.evaluate(js)).doubleValue()).as("primary button text").isGreaterThanOrEqualTo(4.5);
        page.mouse().move(0, 0);
        Object before = button.evaluate("el => getComputedStyle(el).backgroundColor");
        button.hover();
        // even a reduced-motion transition starts at the next frame: wait for the hover colour, do not sample once
        page.waitForFunction("([el, b]) => getComputedStyle(el).backgroundColor !== b",
                List.of(button.elementHandle(), before), new Page.WaitForFunctionOptions().setTimeout(5000));
        assertThat(((Number) button.evaluate(js)).doubleValue()).as("hovered primary button text").isGreaterThanOrEqualTo(4.5);
        // the focus ring against the page behind it
        page.locator("#theme-select").focus();
        Number ring = (Number) page.evaluate("(c) => (" + CONTRAST + ")(getComputedStyle(document.activeElement).outlineColor,"
                + " getComputedStyle(document.body).backgroundColor)", null);
        assertThat(ring.doubleValue()).as("focus outline").isGreaterThanOrEqualTo(3);
    }

    @Test
    void keyboardFocusIsAlwaysVisible() {
        newPage(1280, 900).navigate(fx.url("/#/library"));
        page.locator(".grid .card").first().waitFor();
        List<String> invisible = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            page.keyboard().press("Tab");
            Object seen = page.evaluate("""
                    () => {
                      const el = document.activeElement;
                      if (!el || el === document.body) return null;
                      // the focused element or, for a card, its thumbnail carries the outline
                      const ring = el.matches('.card') ? el.querySelector('.thumb') : el;
                      const st = getComputedStyle(ring);
                      const ok = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2;
                      return ok ? '' : (el.id || el.className || el.tagName);
                    }""");
            if (seen != null && !seen.toString().isEmpty()) invisible.add(seen.toString());
        }
        assertThat(invisible).as("focused elements without a visible outline").isEmpty();
    }

    @Test
    void reducedMotionStopsAnimationsAndTransitions() {
        newPage(new Browser.NewContextOptions().setViewportSize(1280, 900).setReducedMotion(ReducedMotion.REDUCE));
        page.navigate(fx.url("/#/library"));
        page.locator(".grid .card").first().waitFor();
        Object durations = page.evaluate("""
                () => {
                  const probe = document.createElement('span');
                  probe.className = 'spin';
                  document.body.append(probe);
                  const spin = getComputedStyle(probe).animationDuration;
                  const btn = getComputedStyle(document.querySelector('#user-button')).transitionDuration;
                  const thumb = getComputedStyle(document.querySelector('.thumb')).transitionDuration;
                  probe.remove();
                  return [spin, btn, thumb, getComputedStyle(document.documentElement).scrollBehavior];
                }""");
        assertThat((List<?>) durations).map(Object::toString)
                .allSatisfy(d -> assertThat(d).matches("(1e-05s|0\\.00001s|0s|auto)(, .*)?"));
    }
}
