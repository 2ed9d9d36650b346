package org.thatdam.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One measure: its result, wall time, the cores this JVM and its children used, the cores other
 * processes used meanwhile, and which attempt it was. The machine may be shared (a build running
 * next to the bench): {@link #run} waits until other processes use less than
 * {@code dam.bench.quietCores} (0.25) cores, at most {@code dam.bench.quietWaitSec} (60) s, and a
 * measure during which they used more is done again, up to {@code dam.bench.attempts} (2) times;
 * the least disturbed attempt is kept.
 */
record Timed<T>(T value, long ms, double cores, double otherCores, int attempt) {

    static final double QUIET_CORES = Double.parseDouble(System.getProperty("dam.bench.quietCores", "0.25"));
    private static final int QUIET_WAIT_SEC = Integer.getInteger("dam.bench.quietWaitSec", 60);
    private static final int ATTEMPTS = Integer.getInteger("dam.bench.attempts", 2);

    static <T> Timed<T> run(String label, Callable<T> work) throws Exception {
        Timed<T> best = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Timed<T> now = measure(work, attempt);
            double other = now.otherCores();
            if (best == null || other < best.otherCores()) best = now;
            if (Double.isNaN(other) || other < QUIET_CORES) return now;
            System.err.printf(Locale.ROOT, "  %s: other processes used %.2f cores meanwhile%s%n", label, other,
                    attempt < ATTEMPTS ? ": again" : ": keeping the least disturbed attempt");
        }
        return best;
    }

    /**
     * A measure that cannot be done again (a first scan leaves its catalog behind): one attempt
     * after waiting for quiet; {@link #disturbed} says when other processes were busy meanwhile.
     */
    static <T> Timed<T> once(Callable<T> work) throws Exception {
        return measure(work, 1);
    }

    private static <T> Timed<T> measure(Callable<T> work, int attempt) throws Exception {
        CpuLoad.waitQuiet(QUIET_CORES, QUIET_WAIT_SEC);
        CpuLoad.Sample a = CpuLoad.sample();
        long t = System.nanoTime();
        T v = work.call();
        long ms = (System.nanoTime() - t) / 1_000_000;
        CpuLoad.Sample z = CpuLoad.sample();
        return new Timed<>(v, ms, CpuLoad.selfCores(a, z), CpuLoad.otherCores(a, z), attempt);
    }

    boolean disturbed() {
        return !Double.isNaN(otherCores) && otherCores >= QUIET_CORES;
    }

    /** Items per second. */
    double rate(long items) {
        return items * 1000.0 / Math.max(1, ms);
    }

    void into(Map<String, Object> m) {
        m.put("ms", ms);
        m.put("cpuCores", Double.isNaN(cores) ? null : round2(cores));
        m.put("cpuSec", Double.isNaN(cores) ? null : round2(cores * ms / 1000));
        m.put("otherCores", Double.isNaN(otherCores) ? null : round2(otherCores));
        m.put("attempt", attempt);
    }

    /** {@link #into} plus a rate under the given key. */
    Map<String, Object> json(String rateKey, long items) {
        Map<String, Object> m = new LinkedHashMap<>();
        into(m);
        m.put(rateKey, round2(rate(items)));
        return m;
    }

    static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
