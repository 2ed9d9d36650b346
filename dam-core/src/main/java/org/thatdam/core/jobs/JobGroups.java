package org.thatdam.core.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.thatdam.model.JobGrouping;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;

/** One page of jobs grouped by asset or by kind: groups with failures first, then active ones, then the rest. */
public record JobGroups(JobGrouping by, int total, int offset, int limit, List<Group> groups) {

    /**
     * A group: its key (asset id, "" for jobs without an asset, or the kind id), counts by state,
     * its progress (finished jobs plus running ones' progress, over all of its jobs), when it last
     * changed, and its first jobs (failed, running, queued, then the latest finished).
     */
    public record Group(String key, Map<JobState, Long> counts, double progress, Instant changedAt, List<Job> jobs) {}
}
