package org.thatdam.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.thatdam.model.Job;
import org.thatdam.model.JobGrouping;
import org.thatdam.model.JobState;
import org.thatdam.model.NewJob;

/** The persistent job queue. Claiming is atomic, so several processes can share one queue. */
public interface JobRepository {

    /** Enqueues unless the same work is already queued or running; returns the job id either way. */
    long enqueue(NewJob job, long now);

    Optional<Job> find(long id);

    List<Job> list(JobState state, int limit);

    /** Jobs newest first, in one state and of one kind (each null = any), skipping {@code offset}. */
    List<Job> list(JobState state, String kind, int offset, int limit);

    List<Job> forAsset(long assetId);

    /** Counts by state. */
    Map<JobState, Long> counts();

    /**
     * Claims the next runnable job (queued, due, highest priority first, oldest first) among
     * {@code kinds}, marking it running for {@code workerId}; empty when there is none.
     */
    Optional<Job> claim(Set<String> kinds, String workerId, long now);

    /** {@link #claim}, among the jobs {@code ids} only (a process that waits for its own jobs runs nothing else). */
    Optional<Job> claimAmong(Set<String> kinds, java.util.Collection<Long> ids, String workerId, long now);

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

    /**
     * Running jobs whose worker stopped beating before {@code staleBefore}: back to queued, or failed
     * when their attempts are used up. Returns how many.
     */
    int reclaimStale(long staleBefore, long now);

    /** A job {@code workerId} left running when it stopped, reclaimed as {@link #reclaimStale} does; false if it is not that. */
    boolean reclaim(long id, String workerId, long now);

    /**
     * One group of jobs: its key (the asset id, "" for jobs without an asset; or the kind), how many
     * of its jobs are in each state (every state present), the summed progress of its running jobs
     * and its latest change.
     */
    record Group(String key, Map<JobState, Long> counts, double runningProgress, Instant changedAt) {}

    /**
     * Groups with a failed job first, then those with running, then queued work, then the most
     * recently changed; {@code offset}/{@code limit} page through them.
     */
    List<Group> groups(JobGrouping by, int offset, int limit);

    /** How many groups {@link #groups} pages through. */
    int groupCount(JobGrouping by);

    /** A group's jobs: failed first, then running, queued, then finished newest first; at most {@code limit}. */
    List<Job> inGroup(JobGrouping by, String key, int limit);

    /** Jobs of one kind that ended well ({@code done} or {@code skipped}) since a time, and when they ran. */
    record Throughput(String kind, long jobs, Instant firstStarted, Instant lastFinished) {}

    /** The state of the queue as a whole, in one read: what the dashboard's summary is made from. */
    record Stats(Map<String, Map<JobState, Long>> countsByKind, Map<String, Double> runningProgressByKind,
                 Instant pendingSince, long finishedSincePending, List<Throughput> throughput) {}

    /**
     * Counts by kind and state, progress of running work, since when work has been pending (the
     * creation of the oldest queued or running job; null when none) and how many jobs finished since
     * then, and the throughput of each kind since {@code rateSince}.
     */
    Stats stats(long rateSince);

    /** Who paused the queue and when. */
    record Pause(Instant at, String by) {}

    /** The pause in effect, if the queue is paused. While it is, {@link #claim} claims nothing. */
    Optional<Pause> pause();

    /** Pauses ({@code by} non-null) or resumes ({@code by} null) the queue; false when it already was so. */
    boolean setPaused(String by, long now);

    /** Deletes jobs in {@code states} (finished states only) that finished before {@code finishedBefore}; returns how many. */
    int deleteFinished(Set<JobState> states, long finishedBefore);

    /** Queued or running → cancelled. False when the job had already finished. */
    boolean cancel(long id, long now);

    /** Failed or cancelled → queued with a fresh attempt count. False when it is not in such a state. */
    boolean retry(long id, long now);
}
