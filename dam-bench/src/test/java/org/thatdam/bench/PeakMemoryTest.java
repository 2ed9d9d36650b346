package org.thatdam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeakMemoryTest {

    @Test
    void readsTheJvmsOwnPeak() {
        assertTrue(PeakMemory.selfMiB() > 10, "VmHWM of this JVM: " + PeakMemory.selfMiB());
    }

    @Test
    void readsTheLiveChildrensPeak() throws Exception {
        // a real child living until it is stopped
        Process p = new ProcessBuilder("sleep", "600").start();
        PeakMemory m = PeakMemory.ofChildren();
        try (m) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (m.childrenSeen() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        } finally {
            p.destroy();
            p.waitFor();
        }
        assertEquals(1, m.childrenSeen());
        assertTrue(m.childrenPeakMiB() > 0, "sleep's VmHWM: " + m.childrenPeakMiB());
        assertEquals(m.childrenPeakMiB(), m.largestChildMiB(), 0.001);
        assertEquals("sleep", m.largestChildName());
    }
}
