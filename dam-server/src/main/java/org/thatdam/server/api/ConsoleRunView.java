package org.thatdam.server.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.ConsoleRun;

/**
 * One ffmpeg console run: the preset and parameters as given (or a custom command), the command with
 * its placeholders ({@code tokens}, {@code display}), its state and what it made ({@code outputs}).
 */
public record ConsoleRunView(long id, @Nullable Long assetId, @Nullable String sourcePath, @Nullable String preset,
                             Map<String, String> params, List<String> tokens, String display, State state,
                             @Nullable Long jobId, @Nullable Integer exitCode, @Nullable Long durationMs,
                             List<String> outputs, @Nullable String message, @Nullable String stderrTail,
                             Instant createdAt, @Nullable Instant finishedAt) {

    /** Where a run is: waiting, at work, or one of {@link ConsoleRun#FINAL_STATES}. */
    public enum State {
        QUEUED, RUNNING, OK, FAILED, TIMED_OUT, CANCELLED, OUTPUT_LIMIT, MEMORY_LIMIT;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String id) {
            for (State s : values()) {
                if (s.id().equals(id)) return s;
            }
            throw new IllegalStateException("a console run in the unknown state " + id); // a state added without its constant
        }
    }

    public static ConsoleRunView of(ConsoleRun r) {
        return new ConsoleRunView(r.id(), r.assetId(), r.sourcePath(), r.preset(), r.params(), r.tokens(), r.display(),
                State.of(r.state()), r.jobId(), r.exitCode(), r.durationMs(), r.outputs(), r.message(), r.stderrTail(), r.createdAt(),
                r.finishedAt());
    }
}
