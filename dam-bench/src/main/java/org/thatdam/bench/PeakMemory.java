package org.thatdam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Peak resident memory of this JVM and of the processes it starts (media workers, ffprobe, ffmpeg),
 * from {@code /proc/PID/status} (Linux). A child's own peak ({@code VmHWM}) is gone with it, so a
 * daemon thread reads the live descendants every {@value #EVERY_MS} ms while a measure runs: the
 * children's peak is the largest sum of their {@code VmHWM} over one reading, an upper bound of what
 * they held together (long-lived workers are read exactly; a process living less than a reading
 * interval may be missed). A child still being spawned (a copy of this JVM until its exec) is skipped.
 */
final class PeakMemory implements AutoCloseable {

    static final int EVERY_MS = 100;
    private static final Path PROC = Path.of("/proc");

    private final Thread reader;
    private final Map<Long, Long> seen = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private volatile boolean stop;
    private long childrenPeakKiB;

    private PeakMemory() {
        reader = Thread.ofPlatform().daemon().name("bench-peak-memory").unstarted(this::loop);
    }

    /** Starts reading the children until {@link #close}. */
    static PeakMemory ofChildren() {
        PeakMemory m = new PeakMemory();
        m.reader.start();
        return m;
    }

    private void loop() {
        while (!stop) {
            readOnce();
            try {
                Thread.sleep(EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void readOnce() {
        long sum = 0;
        for (ProcessHandle h : ProcessHandle.current().descendants().toList()) {
            if (copyOfThisJvm(h)) continue;
            long kib = vmHwmKiB(h.pid());
            if (kib <= 0) continue; // gone between listing and reading, or a zombie
            sum += kib;
            seen.merge(h.pid(), kib, Math::max);
            names.computeIfAbsent(h.pid(), pid -> h.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?"));
        }
        childrenPeakKiB = Math.max(childrenPeakKiB, sum);
    }

    /**
     * A child caught between its spawn and its exec is still this JVM (the same command line, byte for
     * byte) and shows this JVM's memory as its own: not a child's memory, so not counted. Read from
     * /proc: ProcessHandle's arguments come back empty for long command lines (a worker's class path).
     */
    private static boolean copyOfThisJvm(ProcessHandle h) {
        try {
            return java.util.Arrays.equals(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
                    Files.readAllBytes(Path.of("/proc/self/cmdline")));
        } catch (IOException e) {
            return true; // gone: nothing to count
        }
    }

    /** The children's peak so far (see the class comment), in MiB. */
    synchronized double childrenPeakMiB() {
        return childrenPeakKiB / 1024.0;
    }

    /** How many distinct child processes were seen. */
    synchronized int childrenSeen() {
        return seen.size();
    }

    /** The largest peak of a single child, in MiB. */
    synchronized double largestChildMiB() {
        return seen.values().stream().mapToLong(Long::longValue).max().orElse(0) / 1024.0;
    }

    /** The program of the child with the largest peak; empty when none was seen. */
    synchronized String largestChildName() {
        return seen.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> names.get(e.getKey())).orElse("");
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        reader.interrupt();
        reader.join();
        readOnce(); // the workers still alive at the end count with their whole peak
    }

    /** This JVM's peak resident set size, in MiB; -1 when /proc cannot tell. */
    static long selfMiB() {
        long kib = vmHwmKiB(ProcessHandle.current().pid());
        return kib < 0 ? -1 : kib >> 10;
    }

    /** {@code VmHWM} of a process in KiB; -1 when it is gone or /proc cannot tell, 0 for a zombie. */
    static long vmHwmKiB(long pid) {
        try {
            for (String l : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.substring(6).replace("kB", "").strip());
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
