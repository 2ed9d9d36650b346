package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.LoadState;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.server.LiveServer;

/**
 * The colour theme follows the system until the person picks one on the account page; the choice
 * is kept with their preferences and applied before the first paint of the next load.
 */
class ThemeUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia().jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    static final String LIGHT_BG = "rgb(245, 246, 248)";
    static final String DARK_BG = "rgb(15, 17, 21)";

    @Override
    WebFixture fixture() {
        return fx;
    }

    String background() {
        return (String) page.evaluate("() => getComputedStyle(document.body).backgroundColor");
    }

    /** Sets (or with null forgets) the admin's stored theme, as another browser would. */
    static void storeTheme(String theme) {
        var req = java.net.http.HttpRequest.newBuilder(live.uri("/api/v1/auth/preferences/theme"));
        var r = live.send(theme == null ? req.DELETE() : req.header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"value\":\"" + theme + "\"}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    @Test
    void theSystemSchemeIsFollowedUntilAThemeIsChosen() {
        storeTheme(null);
        newPage(new Browser.NewContextOptions().setViewportSize(1280, 900).setColorScheme(ColorScheme.LIGHT));
        page.navigate(fx.url("/#/library"));
        page.locator(".grid .card").first().waitFor();
        assertThat(background()).isEqualTo(LIGHT_BG);
        fx.screenshot(page, "library-light");
        page.emulateMedia(new com.microsoft.playwright.Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        assertThat(background()).isEqualTo(DARK_BG);
        page.emulateMedia(new com.microsoft.playwright.Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));

        page.navigate(fx.url("/#/account"));
        page.locator("#theme-select").selectOption("dark");
        assertThat(page.evaluate("() => document.documentElement.dataset.theme")).isEqualTo("dark");
        assertThat(background()).isEqualTo(DARK_BG);
        // kept with the person's preferences on the server
        page.waitForCondition(() -> "dark".equals(fx.getJson("/api/v1/auth/preferences").path("values").path("theme").asText()));

        // the next load is dark from its first paint (before the modules ran), though the system is light
        page.reload(new com.microsoft.playwright.Page.ReloadOptions().setWaitUntil(com.microsoft.playwright.options.WaitUntilState.COMMIT));
        page.waitForLoadState(LoadState.DOMCONTENTLOADED);
        assertThat(page.evaluate("() => document.documentElement.dataset.theme")).isEqualTo("dark");
        page.locator("#theme-select").waitFor();
        assertThat(page.locator("#theme-select").inputValue()).isEqualTo("dark");

        page.locator("#theme-select").selectOption("system");
        assertThat(page.evaluate("() => document.documentElement.dataset.theme ?? null")).isNull();
        assertThat(background()).isEqualTo(LIGHT_BG);
        page.waitForCondition(() -> "system".equals(fx.getJson("/api/v1/auth/preferences").path("values").path("theme").asText()));
    }

    @Test
    void aThemeChosenInAnotherBrowserFollowsThePerson() {
        storeTheme("light");
        newPage(new Browser.NewContextOptions().setViewportSize(1280, 900).setColorScheme(ColorScheme.DARK));
        page.navigate(fx.url("/#/library"));
        page.waitForFunction("() => document.documentElement.dataset.theme === 'light'");
        assertThat(background()).isEqualTo(LIGHT_BG);
    }
}
