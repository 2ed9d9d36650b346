package org.thatdam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thatdam.model.DamException;

class SectionsTest {

    @Test
    void everySectionWithoutOnly() {
        assertEquals(Bench.SECTIONS, List.copyOf(Bench.sections(null)));
        assertEquals(Bench.SECTIONS, List.copyOf(Bench.sections(" ")));
    }

    @Test
    void onlyTheNamedSectionsInRunOrder() {
        assertEquals(List.of("metadata", "derive", "motion"), List.copyOf(Bench.sections("motion, derive,metadata,motion")));
    }

    @Test
    void anUnknownSectionIsRefusedWithTheNames() {
        DamException e = assertThrows(DamException.class, () -> Bench.sections("metadata,posters"));
        assertTrue(e.getMessage().contains("no bench section 'posters'"), e.getMessage());
        assertTrue(e.getMessage().contains("metadata, rescan, derive"), e.getMessage());
        assertThrows(DamException.class, () -> Bench.sections(","));
    }

    @Test
    void firstScanRowAddsTheChildrenToTheJvm() throws Exception {
        var f = org.thatdam.core.json.Json.mapper().readTree("""
                {"jvmPeakRssMiB": 400, "childrenPeakRssMiB": 123.5, "childProcessesSeen": 2, "largestChildPeakRssMiB": 70, "largestChild": "java",
                 "peakRssMiB": 523.5, "filesPerSec": 900, "clipsProbed": 9000, "copiesUnprobed": 81000, "workers": 2,
                 "mediaWorkers": "media workers: 2", "otherCores": 0.01}""");
        Row r = Bench.firstScanRow(100_000, f);
        assertEquals("first scan, 100,000 files: peak RSS (ours + workers)", r.measure());
        assertEquals(523.5, r.ours());
        assertEquals("MiB", r.unit());
        assertTrue(r.note().startsWith("JVM VmHWM 400 MiB + child processes 124 MiB (2 seen, largest java 70 MiB"), r.note());
        assertTrue(r.note().contains("9,000 distinct clips probed, 81,000 copies"), r.note());
    }
}
