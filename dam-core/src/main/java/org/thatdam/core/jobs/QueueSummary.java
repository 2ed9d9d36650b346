package org.thatdam.core.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.thatdam.model.JobState;

/**
 * The queue at a glance: whether it is paused, how many jobs are in each state, how far the work
 * pending now has got ({@code progress}: jobs finished since the oldest pending one was queued, plus
 * the running ones' own progress, over all of them) and when it should be done ({@code etaSeconds},
 * from the rate at which each kind finished jobs recently; null when unknown or paused).
 */
public record QueueSummary(boolean paused, Instant pausedAt, String pausedBy, Map<JobState, Long> counts, long pending,
                           double progress, Long etaSeconds, List<Kind> kinds) {

    /** One kind's jobs: counts, the recent rate of finished jobs per minute (0 when none finished lately) and its ETA. */
    public record Kind(JobKind kind, Map<JobState, Long> counts, double perMinute, Long etaSeconds) {}
}
