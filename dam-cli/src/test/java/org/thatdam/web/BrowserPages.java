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
    /** The console's errors and warnings (failed loads, policy reports, scripts' own), with where they came from. */
    final List<String> consoleProblems = Collections.synchronizedList(new ArrayList<>());

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
        return newAnonymousPage(new Browser.NewContextOptions().setViewportSize(width, height));
    }

    /** A page logged in as the library's admin, in a browser set up as given (colour scheme, touch…). */
    Page newPage(Browser.NewContextOptions options) {
        newAnonymousPage(options);
        context.addCookies(List.of(fixture().sessionCookie()));
        return page;
    }

    /** A page of a browser nobody logged in with, set up as given. */
    Page newAnonymousPage(Browser.NewContextOptions options) {
        context = browser().newContext(options);
        context.setDefaultTimeout(timeoutMs());
        page = context.newPage();
        watch(page);
        return page;
    }

    void watch(Page p) {
        p.onPageError(pageErrors::add);
        p.onConsoleMessage(m -> {
            console.add(m.text());
            // (a message without a script address comes from what the test evaluated, such as axe's canvas reads)
            if ((m.type().equals("error") || m.type().equals("warning")) && !m.location().startsWith(":")) {
                consoleProblems.add(m.type() + ": " + m.text() + " (" + m.location() + ")");
            }
        });
    }

    // ------------------------------------------------------------------ accessibility

    /** The WCAG 2.x A and AA rules axe-core checks (2.0, 2.1 and 2.2). */
    static final List<String> WCAG_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    /**
     * Runs axe-core (the npm package, from Maven Central's repackaging) over the page as it is now
     * and fails listing every serious or critical violation of the WCAG A/AA rules: rule, impact,
     * the elements and why. axe is evaluated through the DevTools protocol, which the page's
     * Content-Security-Policy does not apply to (a script tag would be refused and reported).
     */
    void assertNoSeriousA11yViolations(Page p) {
        assertThat(a11yViolations(p)).as("serious accessibility violations on %s", p.url()).isEmpty();
    }

    /** {@link #assertNoSeriousA11yViolations(Page)} for the part of the page {@code selector} picks. */
    void assertNoSeriousA11yViolations(Page p, String selector) {
        assertThat(a11yViolations(p, selector)).as("serious accessibility violations in %s on %s", selector, p.url())
                .isEmpty();
    }

    /** The serious and critical WCAG A/AA violations axe-core finds on the page, one line each. */
    static List<String> a11yViolations(Page p) {
        return a11yViolations(p, null);
    }

    /** Those within the elements {@code selector} picks (the whole page when null). */
    @SuppressWarnings("unchecked")
    static List<String> a11yViolations(Page p, String selector) {
        if (!Boolean.TRUE.equals(p.evaluate("() => typeof window.axe === 'object'"))) p.evaluate(Axe.SOURCE + "\n;0");
        return (List<String>) p.evaluate("""
                async ([tags, selector]) => {
                  const r = await axe.run(selector ?? document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
                  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => `${v.id} (${v.impact}): ${v.help}: ` + v.nodes.slice(0, 6)
                      .map((n) => `${n.target.join(' ')} [${(n.failureSummary || '').replace(/\\s+/g, ' ')}]`).join('; '));
                }""", java.util.Arrays.asList(WCAG_AA, selector));
    }

    /** axe-core's script, read once. */
    static final class Axe {
        static final String VERSION = "4.6.3";
        static final String SOURCE = read("META-INF/resources/webjars/axe-core/" + VERSION + "/axe.min.js");

        private static String read(String resource) {
            try (var in = BrowserPages.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as("axe-core on the test class path (%s)", resource).isNotNull();
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
