package org.thatdam.media.capture.devices;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.Tool;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * Runs the system tools that device discovery asks ({@code v4l2-ctl}, {@code pactl}, ffmpeg); a
 * separate seam so that the parsing is tested on answers captured from real devices.
 */
public interface CommandRunner {

    /** The program names discovery uses; {@link #FFMPEG} is the bundled one. */
    String V4L2_CTL = "v4l2-ctl";
    String PACTL = "pactl";
    String FFMPEG = "ffmpeg";

    /** How a run ended: its exit code and what it printed. */
    record Answer(int exitCode, String stdout, String stderr) {}

    /** Whether the program is installed here. */
    boolean has(String program);

    /**
     * Runs it with an argument list (never a shell string).
     *
     * @throws DamException {@code unavailable} when it cannot start or does not end within {@code timeout}
     */
    Answer run(String program, List<String> args, Duration timeout);

    /** The real tools: ffmpeg from {@code tools}, the others found on the PATH. */
    static CommandRunner system(FfmpegTools tools) {
        return new System(tools);
    }

    /** Runs through {@link ToolRunner}: the child dies with us and is killed at its deadline. */
    final class System implements CommandRunner {
        /** Discovery answers are a few kilobytes; anything near this is a runaway. */
        private static final long MAX_MEMORY = 256L * 1024 * 1024;
        private static final List<String> DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin");

        private final FfmpegTools tools;

        System(FfmpegTools tools) {
            this.tools = tools;
        }

        @Override
        public boolean has(String program) {
            return program.equals(FFMPEG) || find(program).isPresent();
        }

        @Override
        public Answer run(String program, List<String> args, Duration timeout) {
            Tool tool = program.equals(FFMPEG) ? tools.ffmpeg()
                    : find(program).map(Tool::of).orElseThrow(() -> new DamException(ErrorCode.UNAVAILABLE,
                            program + " is not installed"));
            try {
                ProcessResult r = ToolRunner.run(tool, args, timeout, null, null, null, MAX_MEMORY);
                return new Answer(r.exitCode(), r.stdoutText(), r.stderrTail());
            } catch (MediaException e) {
                // Timed out, over its memory, or could not start: the device or service is not answering.
                throw new DamException(ErrorCode.UNAVAILABLE, program + " did not answer: " + e.getMessage(), e);
            }
        }

        /** The PATH as the server was started with it, then the usual system folders. */
        private static Optional<Path> find(String program) {
            String path = java.lang.System.getenv("PATH");
            var dirs = new java.util.ArrayList<String>();
            if (path != null) dirs.addAll(List.of(path.split(File.pathSeparator)));
            dirs.addAll(DIRS);
            for (String d : dirs) {
                if (d.isEmpty()) continue; // an empty entry means the working folder: never trusted for a tool
                Path candidate = Path.of(d, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
            }
            return Optional.empty();
        }
    }
}
