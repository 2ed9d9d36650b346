package org.thatdam.media.ffmpeg;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** How an external tool run ended: exit code, its standard output, the tail of standard error. */
public record ProcessResult(int exitCode, byte[] stdout, String stderrTail, Duration elapsed) {

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /**
     * The last few distinct lines of stderr, without ffmpeg's {@code [demuxer @ 0x…]} prefixes,
     * joined with "; ": the specific cause ("moov atom not found") and the general one.
     */
    public String errorSummary() {
        java.util.LinkedHashSet<String> distinct = new java.util.LinkedHashSet<>();
        for (String line : stderrTail.strip().split("\\R")) {
            String l = line.replaceFirst("^\\[[^\\]]*@ 0x[0-9a-fA-F]+\\]\\s*", "").strip();
            if (!l.isEmpty()) {
                distinct.remove(l);
                distinct.add(l);
            }
        }
        java.util.List<String> lines = new java.util.ArrayList<>(distinct);
        return String.join("; ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
