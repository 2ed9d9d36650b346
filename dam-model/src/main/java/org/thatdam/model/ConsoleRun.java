package org.thatdam.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One ffmpeg console run as kept in the history: the preset and its parameters as given (to run
 * it again exactly), or a custom command. {@code tokens} is the command with its
 * {@code {{input}}}/{@code {{output…}}} placeholders (never a resolved path of ours); {@code outputs}
 * names what it made (derivative kinds when it ran on an asset, file names otherwise).
 */
public record ConsoleRun(long id, Long assetId, String sourcePath, String preset, Map<String, String> params,
                         List<String> tokens, String display,
                         String state, Long jobId, Integer exitCode, Long durationMs, List<String> outputs,
                         String message, String stderrTail, Instant createdAt, Instant finishedAt) {

    /** The states a run ends in; {@code queued} and {@code running} are the others. */
    public static final List<String> FINAL_STATES = List.of("ok", "failed", "timed_out", "cancelled", "output_limit",
            "memory_limit");

    public boolean finished() {
        return FINAL_STATES.contains(state);
    }
}
