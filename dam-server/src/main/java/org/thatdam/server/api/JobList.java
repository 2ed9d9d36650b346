package org.thatdam.server.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;

/** Jobs, newest first, with how many jobs are in each state. */
public record JobList(Map<String, Long> counts, List<JobView> items) {

    public static JobList of(Map<JobState, Long> counts, List<Job> jobs) {
        Map<String, Long> byName = new LinkedHashMap<>();
        counts.forEach((state, n) -> byName.put(state.id(), n));
        return new JobList(byName, jobs.stream().map(JobView::of).toList());
    }
}
