package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Per test, a fresh browser context (no shared cookies or cache) and page on the class's
 * {@link WebFixture}; an uncaught error in any page it watched fails the test.
 */
abstract class BrowserPages {

    BrowserContext context;
    Page page;
    final List<String> pageErrors = Collections.synchronizedList(new ArrayList<>());
    /** Every console message of the pages watched. */
    final List<String> console = Collections.synchronizedList(new ArrayList<>());

    abstract WebFixture fixture();

    Browser browser() {
        return fixture().browser();
    }

    /** The browser's reports of a security policy refusing something (CSP, X-Frame-Options). */
    List<String> policyMessages() {
        synchronized (console) {
            return console.stream().filter(m -> m.contains("Content Security Policy") || m.contains("X-Frame-Options")).toList();
        }
    }

    /** How long a wait for the page may take. */
    int timeoutMs() {
        return 20_000;
    }

    @AfterEach
    void closeContext() {
        if (context != null) context.close();
        assertThat(pageErrors).as("uncaught errors in the page").isEmpty();
    }

    Page open(String hash, int width, int height) {
        newPage(width, height);
        page.navigate(fixture().url("/" + hash));
        return page;
    }

    /** A page logged in as the library's admin. */
    Page newPage(int width, int height) {
        newAnonymousPage(width, height);
        context.addCookies(List.of(fixture().sessionCookie()));
        return page;
    }

    /** A page of a browser nobody logged in with. */
    Page newAnonymousPage(int width, int height) {
        context = browser().newContext(new Browser.NewContextOptions().setViewportSize(width, height));
        context.setDefaultTimeout(timeoutMs());
        page = context.newPage();
        watch(page);
        return page;
    }

    void watch(Page p) {
        p.onPageError(pageErrors::add);
        p.onConsoleMessage(m -> console.add(m.text()));
    }
}
