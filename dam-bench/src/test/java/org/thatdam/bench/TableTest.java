package org.thatdam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void ratioIsOursOverPeerAndBetterFollowsTheUnit() {
        Row rate = Row.compare("rate", 200.0, 100.0, "files/s", true, null);
        assertEquals(2.0, rate.ratio());
        assertEquals("ours", rate.better());
        Row latency = Row.compare("latency", 200.0, 100.0, "ms", false, null);
        assertEquals("peer", latency.better());
        assertEquals("even", Row.compare("x", 102.0, 100.0, "files/s", true, null).better());
    }

    @Test
    void noRatioWithoutAPeer() {
        Row r = Row.skipped("m", 5.0, "files/s", true, "skipped: x not installed");
        assertNull(r.ratio());
        assertNull(r.better());
        assertNull(Row.compare("m", 5.0, 0.0, "files/s", true, null).ratio());
    }

    @Test
    void numbersKeepAboutThreeDigits() {
        assertEquals("12345", Table.num(12345.4));
        assertEquals("12.3", Table.num(12.34));
        assertEquals("1.23", Table.num(1.234));
        assertEquals("0.123", Table.num(0.1234));
        assertEquals("0", Table.num(0.0));
        assertEquals("-", Table.num(null));
    }

    @Test
    void columnsLineUp() {
        String t = Table.render(List.of(Row.compare("short", 1.0, 2.0, "files/s", true, "n"),
                Row.ours("a longer measure", 1234.0, "MiB", false, null)));
        String[] lines = t.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("measure           "), lines[0]);
        // the unit column starts at the same place on every line
        int unit = lines[0].indexOf("unit");
        assertEquals("files/s", lines[1].substring(unit, unit + 7));
        assertEquals("MiB", lines[2].substring(unit, unit + 3));
        assertTrue(lines[2].contains(" - "), "no peer shows a dash: " + lines[2]);
    }
}
