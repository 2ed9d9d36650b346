package org.thatdam.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;

/** What the figures were measured on. */
final class Machine {

    private Machine() {}

    static Map<String, Object> describe(FfmpegTools tools) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("ramMiB", ramMiB());
        m.put("os", osName());
        m.put("java", Runtime.version().toString());
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        m.put("ffmpeg", ffmpegVersion(tools));
        m.put("loadAverageAtStart", CpuLoad.loadAverage());
        return m;
    }

    static String ffmpegVersion(FfmpegTools tools) {
        try {
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), FfmpegArgs.ffmpeg().add("-version").list(), Duration.ofSeconds(20));
            String first = r.stdoutText().lines().findFirst().orElse("");
            return first.replaceFirst("^ffmpeg version (\\S+).*", "$1");
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name");
    }

    private static Long ramMiB() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() >> 20;
        }
        return null;
    }

    /** PRETTY_NAME from /etc/os-release and the kernel, e.g. "Debian GNU/Linux 12 (bookworm), Linux 6.1 amd64". */
    private static String osName() {
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        String pretty = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME");
        return pretty == null ? kernel : pretty.replace("\"", "") + ", " + kernel;
    }

    private static String firstValue(Path file, String key) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(l.contains("=") ? '=' : ':') + 1).strip())
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
