package org.thatdam.media.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a console run ended.
 *
 * @param exitCode   the tool's exit code, or -1 when it was stopped (timeout, cancel, output limit)
 * @param outputs    the files in the work directory after an {@link ConsoleEnding#OK} run, sorted; empty otherwise
 * @param stderrTail the end of what the tool wrote on stderr (detection filters report there)
 * @param message    one line for people: what was written, or why it failed
 */
public record ConsoleOutcome(ConsoleEnding ending, int exitCode, Duration elapsed, List<Path> outputs,
                             String stderrTail, String message) {

    public ConsoleOutcome {
        outputs = List.copyOf(outputs);
        stderrTail = stderrTail == null ? "" : stderrTail;
    }

    public boolean ok() {
        return ending == ConsoleEnding.OK;
    }
}
