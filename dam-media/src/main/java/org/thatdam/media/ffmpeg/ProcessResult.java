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

    /** The cause of a failure in a line, see {@link FfmpegFailure#summary}. */
    public String errorSummary() {
        return FfmpegFailure.summary(stderrTail, exitCode);
    }
}
