package org.thatdam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much CPU other processes used while something was measured: the machine's busy time
 * ({@code /proc/stat}) minus this JVM's own and its reaped children's (ffmpeg's) time
 * ({@code /proc/self/stat}), in cores. A benchmark on a shared machine uses it to wait for quiet
 * and to flag measures that were disturbed. Linux only; elsewhere every value is unknown (NaN).
 */
final class CpuLoad {

    /** Clock ticks per second of both files (USER_HZ; 100 on every mainstream Linux). */
    private static final double HZ = 100;

    private CpuLoad() {}

    /** A point in time: the machine's busy ticks, this process's ticks (running and ended children included), nanoTime. */
    record Sample(long busy, long self, long nanos) {}

    /** Null when /proc cannot be read. */
    static Sample sample() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is in user already)
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += Long.parseLong(cpu[i]);
            long self = ticks("self", true);
            // Running children (media workers, ffmpeg) are ours too; an ended one is in cutime/cstime above.
            for (ProcessHandle h : ProcessHandle.current().descendants().toList()) {
                self += ticks(Long.toString(h.pid()), false);
            }
            return new Sample(busy, self, System.nanoTime());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of {@code /proc/<pid>/stat}, with the ended children's (cutime + cstime) when asked; 0 when gone. */
    private static long ticks(String pid, boolean withEndedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // fields 14..17 (1-based) utime stime cutime cstime; f[0] is field 3
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withEndedChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        } catch (IOException | RuntimeException e) {
            return 0; // ended between listing and reading: counted in its parent's cutime
        }
    }

    /** CPU seconds of process {@code pid} so far: its own, its ended children's and its running descendants'. */
    static double processSec(long pid) {
        long t = ticks(Long.toString(pid), true);
        for (ProcessHandle h : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
            t += ticks(Long.toString(h.pid()), false);
        }
        return t / HZ;
    }

    /** CPU seconds of process {@code pid} itself so far (0 when gone): a running process's share of a tree. */
    static double ownSec(long pid) {
        return ticks(Long.toString(pid), false) / HZ;
    }

    /** Cores used by other processes between the two samples; NaN when unknown. */
    static double otherCores(Sample from, Sample to) {
        if (from == null || to == null || to.nanos() <= from.nanos()) return Double.NaN;
        double sec = (to.nanos() - from.nanos()) / 1e9;
        double other = ((to.busy() - from.busy()) - (to.self() - from.self())) / HZ;
        return Math.max(0, other / sec);
    }

    /** Cores this process and its reaped children (ffmpeg) used between the two samples; NaN when unknown. */
    static double selfCores(Sample from, Sample to) {
        if (from == null || to == null || to.nanos() <= from.nanos()) return Double.NaN;
        return (to.self() - from.self()) / HZ / ((to.nanos() - from.nanos()) / 1e9);
    }

    /**
     * Waits until other processes use less than {@code threshold} cores over a 2-second window, at
     * most {@code maxWaitSec}; returns the seconds waited (the last window included).
     */
    static double waitQuiet(double threshold, double maxWaitSec) throws InterruptedException {
        long t0 = System.nanoTime();
        boolean told = false;
        while (true) {
            Sample a = sample();
            Thread.sleep(2000);
            double other = otherCores(a, sample());
            double waited = (System.nanoTime() - t0) / 1e9;
            if (Double.isNaN(other) || other < threshold) return waited;
            if (waited >= maxWaitSec) {
                System.err.printf(Locale.ROOT, "  still %.2f cores busy elsewhere after %.0f s: measuring anyway%n",
                        other, waited);
                return waited;
            }
            if (!told) {
                System.err.printf(Locale.ROOT, "  %.2f cores busy elsewhere: waiting for quiet (at most %.0f s)%n",
                        other, maxWaitSec);
                told = true;
            }
        }
    }

    static String loadAverage() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return l[0] + " " + l[1] + " " + l[2];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
