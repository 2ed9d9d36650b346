package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;

/** One background job: what it works on, how far it got and when. */
public record JobView(long id, JobKind kind, String kindLabel, @Nullable Long assetId, JobState state, double progress, int attempts,
                      int maxAttempts, @Nullable String error, Instant createdAt, @Nullable Instant startedAt,
                      @Nullable Instant finishedAt) {

    public static JobView of(Job j) {
        JobKind kind = JobKind.parse(j.kind());
        return new JobView(j.id(), kind, kind.label(), j.assetId(), j.state(), j.progress(), j.attempts(), j.maxAttempts(),
                j.error(), j.createdAt(), j.startedAt(), j.finishedAt());
    }
}
