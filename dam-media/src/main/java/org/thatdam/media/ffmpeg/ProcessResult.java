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
     * The cause of a failure in a line: the last few distinct lines of stderr without ffmpeg's
     * {@code [demuxer @ 0x…]} prefixes and without the generic lines ffmpeg 7 repeats after every
     * failure ("Task finished with error code", "Nothing was written into output file", …), joined
     * with "; ", e.g. "moov atom not found; Error opening input: Invalid data found…".
     */
    public String errorSummary() {
        String refused = MediaInput.explain(stderrTail);
        if (!refused.equals(stderrTail)) {
            return refused; // the format allow-list said no: the lines after it only repeat "Invalid argument"
        }
        java.util.LinkedHashSet<String> distinct = new java.util.LinkedHashSet<>();
        for (String line : stderrTail.strip().split("\\R")) {
            String l = PREFIXES.matcher(line).replaceFirst("").strip();
            if (!l.isEmpty() && !GENERIC.matcher(l).find()) {
                distinct.remove(l);
                distinct.add(l);
            }
        }
        java.util.List<String> lines = new java.util.ArrayList<>(distinct);
        String s = String.join("; ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        if (s.isBlank()) s = exitCode == 0 ? "" : "exited with code " + exitCode;
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }

    /** "[in#0/mov,mp4 @ 0x55…] [dec:h264 @ 0x55…] " at the start of a line. */
    private static final java.util.regex.Pattern PREFIXES = java.util.regex.Pattern.compile("^(\\[[^\\]]*\\]\\s*)+");
    private static final java.util.regex.Pattern GENERIC = java.util.regex.Pattern.compile(
            "Task finished with error code|Terminating thread with return code|Nothing was written into output file"
                    + "|Could not open encoder before EOF|Error while opening encoder - maybe incorrect parameters"
                    + "|Error sending frames to consumers|^Conversion failed|Error while filtering: "
                    + "|Error opening output files?: |Error parsing global options|^Last message repeated \\d+ times"
                    // the same cause again, once per level: "Error opening input: X" stays
                    + "|^Error opening input files?[ :]");
}
