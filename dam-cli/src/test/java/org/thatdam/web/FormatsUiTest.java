package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.server.LiveServer;
import org.thatdam.cli.format.Units;

/**
 * Sizes and durations read the same in the dashboard (lib/dom.js, run in the browser) and in the
 * CLI's tables ({@link Output}): one unit system, one clock.
 */
class FormatsUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(java.util.Map.of());
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    static final List<Double> SECONDS = List.of(0.0, 0.04, 0.3, 0.4, 0.96, 6.0, 20.2, 59.96, 79.5, 599.6, 3725.0, 86_399.0);
    static final List<Long> BYTES = List.of(0L, 999L, 1000L, 1234L, 99_949L, 99_960L, 999_960L, 345_678_901L, 1_500_000_000L,
            2_000_000_000_000L);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardAndTheCliFormatAlike() {
        newPage(1024, 700).navigate(fx.url("/#/account"));
        page.locator("h1").waitFor();
        List<String> webDurations = (List<String>) page.evaluate(
                "async (v) => { const m = await import('/lib/dom.js'); return v.map((x) => m.fmtDuration(x)); }", SECONDS);
        List<String> webSizes = (List<String>) page.evaluate(
                "async (v) => { const m = await import('/lib/dom.js'); return v.map((x) => m.fmtBytes(x)); }",
                BYTES.stream().map(Long::doubleValue).toList()); // (the bridge carries numbers as doubles)
        assertThat(webDurations).containsExactlyElementsOf(SECONDS.stream().map(Units::duration).toList());
        assertThat(webSizes).containsExactlyElementsOf(BYTES.stream().map(Units::bytes).toList());
        // and what they are
        assertThat(webDurations).containsExactly("0:00.0", "0:00.04", "0:00.3", "0:00.4", "0:01.0", "0:06.0", "0:20.2", "1:00.0",
                "1:19.5", "9:59.6", "1:02:05.0", "23:59:59.0");
        assertThat(webSizes).containsExactly("0 B", "999 B", "1.0 kB", "1.2 kB", "99.9 kB", "100 kB", "1.0 MB", "346 MB", "1.5 GB",
                "2.0 TB");
        // work durations round before the unit is chosen
        List<String> longDurations = (List<String>) page.evaluate(
                "async (v) => { const m = await import('/lib/dom.js'); return v.map((x) => m.fmtLongDuration(x)); }",
                List.of(4.2, 9.96, 59.96, 89.0, 3599.0, 7190.0, 7500.0));
        assertThat(longDurations).containsExactly("4.2 s", "10 s", "1 min", "1 min", "1 h 0 min", "2 h 0 min", "2 h 5 min");
        List<Double> rates = List.of(64_000.0, 351_700.0, 999_400.0, 1_000_000.0, 12_345_678.0);
        List<String> webRates = (List<String>) page.evaluate(
                "async (v) => { const m = await import('/lib/dom.js'); return v.map((x) => m.fmtBitRate(x)); }", rates);
        assertThat(webRates).containsExactly("64 kb/s", "352 kb/s", "999 kb/s", "1.0 Mb/s", "12.3 Mb/s")
                .containsExactlyElementsOf(rates.stream().map(r -> Units.bitRate(r.longValue())).toList());
        assertThat(longDurations).as("the command line's").containsExactlyElementsOf(
                List.of(4.2, 9.96, 59.96, 89.0, 3599.0, 7190.0, 7500.0).stream().map(Units::longDuration).toList());
    }
}
