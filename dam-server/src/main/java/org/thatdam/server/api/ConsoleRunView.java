package org.thatdam.server.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.ConsoleRun;

/**
 * One ffmpeg console run: the preset and parameters as given (or a custom command), the command with
 * its placeholders ({@code tokens}, {@code display}), its state and what it made ({@code outputs}).
 */
public record ConsoleRunView(long id, @Nullable Long assetId, @Nullable String sourcePath, @Nullable String preset,
                             Map<String, String> params, List<String> tokens, String display, String state,
                             @Nullable Long jobId, @Nullable Integer exitCode, @Nullable Long durationMs,
                             List<String> outputs, @Nullable String message, @Nullable String stderrTail,
                             Instant createdAt, @Nullable Instant finishedAt) {

    public static ConsoleRunView of(ConsoleRun r) {
        return new ConsoleRunView(r.id(), r.assetId(), r.sourcePath(), r.preset(), r.params(), r.tokens(), r.display(),
                r.state(), r.jobId(), r.exitCode(), r.durationMs(), r.outputs(), r.message(), r.stderrTail(), r.createdAt(),
                r.finishedAt());
    }
}
