package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Response;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.server.LiveServer;

/**
 * The security headers in a real browser: the dashboard and the API docs work under their
 * policies, and a page of another origin (another port) cannot frame the dashboard.
 */
class FramingUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    void theDashboardWorksUnderItsPolicy() {
        newPage(1280, 860);
        Response r = page.navigate(fx.url("/#/library"));
        assertThat(r.headerValue("content-security-policy")).contains("frame-ancestors 'self'").contains("script-src 'self'");
        assertThat(r.headerValue("x-frame-options")).isEqualTo("SAMEORIGIN");
        page.locator(".grid .card").first().waitFor();
        page.waitForSelector("#conn[data-state=open]");
        assertThat(policyMessages()).as("policy violations").isEmpty();
    }

    @Test
    void theApiDocsWorkUnderTheirPolicy() {
        newPage(1280, 860);
        Response r = page.navigate(fx.url("/api/docs"));
        assertThat(r.headerValue("content-security-policy")).contains("frame-ancestors 'self'");
        page.locator(".opblock").first().waitFor(); // Swagger UI ran and rendered the document's operations
        assertThat(page.locator(".opblock").count()).isGreaterThanOrEqualTo(40);
        assertThat(policyMessages()).as("policy violations").isEmpty();
    }

    @Test
    void anotherOriginCannotFrameTheDashboard() {
        try (OtherOrigin other = OtherOrigin.serving(path -> path.equals("/inner") ? "<p id=inner>framed</p>"
                : "<!doctype html><iframe id=dam src=\"" + fx.url("/#/library") + "\"></iframe><iframe id=own src=\"/inner\"></iframe>")) {
            newPage(1280, 860);
            page.navigate(other.url("/"));
            // the control: a frame of the page's own origin shows its content
            Frame own = page.locator("#own").elementHandle().contentFrame();
            own.locator("#inner").waitFor();
            // the dashboard's frame is refused by the browser, and says why
            page.waitForCondition(() -> !policyMessages().isEmpty());
            assertThat(policyMessages()).anySatisfy(m -> assertThat(m).contains("frame-ancestors 'self'"));
            Frame dam = page.locator("#dam").elementHandle().contentFrame();
            assertThat(dam.url()).doesNotStartWith(fx.url("/"));
            assertThat(dam.locator(".grid, #conn").count()).as("dashboard elements in the frame").isZero();
        }
    }
}
