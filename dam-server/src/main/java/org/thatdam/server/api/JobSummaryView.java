package org.thatdam.server.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.QueueSummary;
import org.thatdam.model.JobState;

/**
 * The job queue at a glance: paused or not, counts by state, the progress of the work pending now
 * (0..1) and its estimated time left (null when unknown: nothing finished lately to measure, or paused).
 */
public record JobSummaryView(boolean paused, @Nullable Instant pausedAt, @Nullable String pausedBy, Map<String, Long> counts,
                             long pending, double progress, @Nullable Long etaSeconds, List<Kind> kinds) {

    /** One kind: its counts, how many of its jobs finished per minute lately, and its time left. */
    public record Kind(JobKind kind, String kindLabel, Map<String, Long> counts, double perMinute, @Nullable Long etaSeconds) {}

    public static JobSummaryView of(QueueSummary s) {
        return new JobSummaryView(s.paused(), s.pausedAt(), s.pausedBy(), byName(s.counts()), s.pending(), s.progress(),
                s.etaSeconds(), s.kinds().stream().map(k -> new Kind(k.kind(), k.kind().label(), byName(k.counts()),
                        k.perMinute(), k.etaSeconds())).toList());
    }

    static Map<String, Long> byName(Map<JobState, Long> counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.forEach((state, n) -> m.put(state.id(), n));
        return m;
    }
}
