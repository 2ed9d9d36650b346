package org.thatdam.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.model.NewJob;

/** The persistent job queue. Claiming is atomic, so several processes can share one queue. */
public interface JobRepository {

    /** Enqueues unless the same work is already queued or running; returns the job id either way. */
    long enqueue(NewJob job, long now);

    Optional<Job> find(long id);

    List<Job> list(JobState state, int limit);

    List<Job> forAsset(long assetId);

    /** Counts by state. */
    Map<JobState, Long> counts();

    /**
     * Claims the next runnable job (queued, due, highest priority first, oldest first) among
     * {@code kinds}, marking it running for {@code workerId}; empty when there is none.
     */
    Optional<Job> claim(Set<String> kinds, String workerId, long now);

    void heartbeat(long id, double progress, long now);

    /**
     * Ends a job that {@code workerId} is running. A no-op when the job is no longer that worker's
     * (cancelled, or retried and claimed again meanwhile): a late finish never overwrites newer state.
     */
    void finish(long id, String workerId, JobState state, String error, long now);

    /** Back to the queue for another attempt after {@code runAfter} (only while {@code workerId} runs it). */
    void requeue(long id, String workerId, String error, long runAfter, long now);

    /**
     * Back to the queue at once without counting the attempt (it could not run for a reason outside
     * the job, such as a full disk); only while {@code workerId} runs it.
     */
    void release(long id, String workerId, String error, long now);

    /** Running jobs whose worker stopped beating before {@code staleBefore}: back to queued. Returns how many. */
    int reclaimStale(long staleBefore, long now);

    /** Queued or running → cancelled. False when the job had already finished. */
    boolean cancel(long id, long now);

    /** Failed or cancelled → queued with a fresh attempt count. False when it is not in such a state. */
    boolean retry(long id, long now);
}
