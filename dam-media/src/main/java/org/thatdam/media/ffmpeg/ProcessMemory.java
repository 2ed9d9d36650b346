package org.thatdam.media.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of a process tree, from {@code /proc/PID/status} (Linux). Cgroup memory limits
 * need a writable cgroup v2 tree, which containers often do not give; reading the RSS works
 * everywhere /proc does, and a watcher polling it a few times a second stops a runaway filter
 * (a {@code reverse} grows by gigabytes in seconds) long before the machine swaps.
 */
public final class ProcessMemory {

    private static final Path PROC = Path.of("/proc");

    private ProcessMemory() {}

    /** Whether RSS can be read here. */
    public static boolean available() {
        return Files.isReadable(PROC.resolve("self/status"));
    }

    /** The summed VmRSS of the process and its descendants in bytes; 0 for processes already gone. */
    public static long treeRssBytes(ProcessHandle root) {
        long total = rssBytes(root.pid());
        for (ProcessHandle h : root.descendants().toList()) {
            total += rssBytes(h.pid());
        }
        return total;
    }

    /** VmRSS of one process in bytes; 0 when it is gone or has none (a zombie). */
    static long rssBytes(long pid) {
        return statusBytes(pid, "VmRSS:");
    }

    /** The most resident memory the process has had (VmHWM) in bytes; 0 when it is gone. */
    public static long peakRssBytes(long pid) {
        return statusBytes(pid, "VmHWM:");
    }

    private static long statusBytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith(field)) {
                    // "VmRSS:	  123456 kB"
                    String v = line.substring(field.length()).strip();
                    int sp = v.indexOf(' ');
                    return Long.parseLong(sp < 0 ? v : v.substring(0, sp)) * 1024;
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0; // gone between listing and reading
        }
    }
}
