package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;

/**
 * One background job: what it works on, how far it got and when. {@code error} says why it failed
 * (or was cancelled, or is being retried); {@code reason} why a skipped job's work was not needed; {@code node}
 * which node ({@code node.name}) runs it or ran it last.
 */
public record JobView(long id, JobKind kind, String kindLabel, @Nullable Long assetId, JobState state, double progress, int attempts,
                      int maxAttempts, @Nullable String error, @Nullable String reason, Instant createdAt,
                      @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable String node) {

    public static JobView of(Job j) {
        JobKind kind = JobKind.parse(j.kind());
        boolean skipped = j.state() == JobState.SKIPPED;
        return new JobView(j.id(), kind, kind.label(), j.assetId(), j.state(), j.progress(), j.attempts(), j.maxAttempts(),
                skipped ? null : j.error(), skipped ? j.error() : null, j.createdAt(), j.startedAt(), j.finishedAt(),
                j.workerId() == null ? null : org.thatdam.core.jobs.JobEngine.nodeOf(j.workerId()));
    }
}
