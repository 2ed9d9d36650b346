package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.model.Job;
import org.thatdam.model.JobGrouping;
import org.thatdam.model.JobState;
import org.thatdam.model.NewJob;

/** The job queue on each engine: dedupe, claims (also concurrent ones), heartbeats, endings, reclaims, groups. */
@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class JobRepositoryContractTest extends OnEachEngine {

    long enqueue(String kind, Long asset, String params, int priority) {
        return catalog.write(s -> s.jobs().enqueue(new NewJob(kind, asset, params, priority, 2), 1_000));
    }

    Optional<Job> claim(String worker, long now, String... kinds) {
        return catalog.writeShared(s -> s.jobs().claim(Set.of(kinds), worker, now));
    }

    Job job(long id) {
        return catalog.read(s -> s.jobs().find(id)).orElseThrow();
    }

    @Test
    void enqueueDedupesActiveWorkAndClaimsGoByPriorityThenAge() {
        long asset = helper.addAsset("/m/a.mp4", null, 10, "h");
        long low = enqueue("probe", asset, "", 5);
        assertThat(enqueue("probe", asset, "", 1)).as("the same work while it is queued").isEqualTo(low);
        long urgent = enqueue("poster", asset, "w=320", 1);
        long other = enqueue("poster", null, null, 1);

        assertThat(claim("w1", 2_000, "probe", "poster")).map(Job::id).contains(urgent);
        Job running = job(urgent);
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.workerId()).isEqualTo("w1");
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(claim("w1", 2_000, "probe")).map(Job::id).contains(low);
        assertThat(claim("w2", 2_000, "nothing-of-this-kind")).isEmpty();
        assertThat(catalog.<List<Job>>read(s -> s.jobs().list(JobState.QUEUED, 10))).extracting(Job::id).containsExactly(other);

        catalog.writeShared(s -> {
            s.jobs().heartbeat(urgent, 0.5, 2_500);
            return null;
        });
        assertThat(job(urgent).progress()).isEqualTo(0.5);
        catalog.writeShared(s -> {
            s.jobs().finish(urgent, "someone-else", JobState.DONE, null, 3_000);
            s.jobs().finish(low, "w1", JobState.FAILED, "broken", 3_000);
            return null;
        });
        assertThat(job(urgent).state()).as("only its worker ends a job").isEqualTo(JobState.RUNNING);
        assertThat(job(low).state()).isEqualTo(JobState.FAILED);
        assertThat(job(low).error()).isEqualTo("broken");
        catalog.writeShared(s -> {
            s.jobs().finish(urgent, "w1", JobState.DONE, null, 3_000);
            return null;
        });
        assertThat(job(urgent).progress()).isEqualTo(1.0);
        assertThat(job(urgent).finishedAt()).isNotNull();

        assertThat(enqueue("probe", asset, "", 5)).as("finished work may be enqueued again").isNotEqualTo(low);
        assertThat(catalog.<Boolean>write(s -> s.jobs().retry(low, 4_000))).as("its work is queued again already").isFalse();
    }

    @Test
    void requeueReleaseReclaimCancelAndRetry() {
        long a = enqueue("probe", null, "a", 1);
        long b = enqueue("probe", null, "b", 2);
        long c = enqueue("probe", null, "c", 3);
        claim("w1", 2_000, "probe");
        catalog.writeShared(s -> {
            s.jobs().requeue(a, "w1", "busy", 10_000, 2_100);
            return null;
        });
        assertThat(job(a).state()).isEqualTo(JobState.QUEUED);
        assertThat(job(a).workerId()).isNull();
        assertThat(claim("w1", 2_200, "probe")).as("a requeued job waits for its time").map(Job::id).contains(b);
        catalog.writeShared(s -> {
            s.jobs().release(b, "w1", "shutting down", 2_300);
            return null;
        });
        assertThat(job(b).attempts()).as("a release gives the attempt back").isZero();

        // b runs again and its worker goes silent; c runs with a fresh heartbeat.
        assertThat(claim("w1", 2_400, "probe")).map(Job::id).contains(b);
        assertThat(claim("w2", 2_400, "probe")).map(Job::id).contains(c);
        catalog.writeShared(s -> {
            s.jobs().heartbeat(c, 0.1, 9_000);
            return null;
        });
        assertThat(catalog.<Integer>write(s -> s.jobs().reclaimStale(5_000, 9_500))).isEqualTo(1);
        Job stale = job(b);
        assertThat(stale.state()).isEqualTo(JobState.QUEUED);
        assertThat(stale.error()).isEqualTo("the worker stopped while running this job (attempt 1 of 2); requeued");
        assertThat(claim("w2", 9_600, "probe")).map(Job::id).contains(b);
        assertThat(catalog.<Boolean>write(s -> s.jobs().reclaim(b, "w2", 9_700))).isTrue();
        assertThat(job(b).state()).as("attempts used up").isEqualTo(JobState.FAILED);

        assertThat(catalog.<Boolean>write(s -> s.jobs().cancel(c, 9_800))).isTrue();
        assertThat(catalog.<Boolean>write(s -> s.jobs().cancel(c, 9_800))).isFalse();
        assertThat(catalog.<Boolean>write(s -> s.jobs().retry(c, 9_900))).isTrue();
        Job again = job(c);
        assertThat(again.state()).isEqualTo(JobState.QUEUED);
        assertThat(again.attempts()).isZero();
        assertThat(again.error()).isNull();
    }

    @Test
    void pauseGroupsStatsCountsAndCleanUp() {
        long asset = helper.addAsset("/m/a.mp4", null, 10, "h");
        long p = enqueue("probe", asset, "", 1);
        enqueue("poster", asset, "", 1);
        long free = enqueue("probe", null, "x", 1);
        assertThat(catalog.<Boolean>write(s -> s.jobs().setPaused("admin", 1_500))).isTrue();
        assertThat(catalog.<Boolean>write(s -> s.jobs().setPaused("admin", 1_500))).isFalse();
        assertThat(catalog.<Optional<JobRepository.Pause>>read(s -> s.jobs().pause())).map(JobRepository.Pause::by).contains("admin");
        assertThat(claim("w1", 2_000, "probe", "poster")).as("a paused queue hands out nothing").isEmpty();
        assertThat(catalog.<Boolean>write(s -> s.jobs().setPaused(null, 1_600))).isTrue();
        assertThat(claim("w1", 2_000, "probe")).map(Job::id).contains(p);
        catalog.writeShared(s -> {
            s.jobs().finish(p, "w1", JobState.FAILED, "x", 2_100);
            return null;
        });

        List<JobRepository.Group> byAsset = catalog.read(s -> s.jobs().groups(JobGrouping.ASSET, 0, 10));
        assertThat(byAsset).extracting(JobRepository.Group::key).containsExactly(Long.toString(asset), "");
        assertThat(byAsset.get(0).counts()).containsEntry(JobState.FAILED, 1L).containsEntry(JobState.QUEUED, 1L);
        assertThat(catalog.<Integer>read(s -> s.jobs().groupCount(JobGrouping.KIND))).isEqualTo(2);
        assertThat(catalog.<List<Job>>read(s -> s.jobs().inGroup(JobGrouping.KIND, "probe", 10))).extracting(Job::id)
                .containsExactly(p, free);
        JobRepository.Stats stats = catalog.read(s -> s.jobs().stats(0));
        assertThat(stats.countsByKind().get("probe")).containsEntry(JobState.FAILED, 1L).containsEntry(JobState.QUEUED, 1L);
        assertThat(stats.pendingSince()).isNotNull();
        assertThat(catalog.<java.util.Map<JobState, Long>>read(s -> s.jobs().counts())).containsEntry(JobState.QUEUED, 2L).containsEntry(JobState.DONE, 0L);
        assertThat(catalog.<List<Job>>read(s -> s.jobs().forAsset(asset))).hasSize(2);
        assertThat(catalog.<Integer>write(s -> s.jobs().deleteFinished(Set.of(JobState.FAILED), 3_000))).isEqualTo(1);
        assertThat(catalog.<Optional<Job>>read(s -> s.jobs().find(p))).isEmpty();
    }

    /** The same work enqueued by two writers at once (outside the write lock on PostgreSQL) is one job. */
    @Test
    void concurrentEnqueuersOfTheSameWorkGetOneJob() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Set<Long>>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                writers.add(pool.submit(() -> {
                    start.await();
                    Set<Long> ids = new java.util.HashSet<>();
                    for (int i = 0; i < 20; i++) {
                        String params = "k" + (i % 5);
                        ids.add(catalog.writeShared(s -> s.jobs().enqueue(new NewJob("probe", null, params, 1, 2), 1)));
                    }
                    return ids;
                }));
            }
            start.countDown();
            Set<Long> all = new java.util.HashSet<>();
            for (Future<Set<Long>> f : writers) all.addAll(f.get());
            assertThat(all).hasSize(5);
        } finally {
            pool.shutdown();
        }
        assertThat(catalog.<java.util.Map<JobState, Long>>read(s -> s.jobs().counts())).containsEntry(JobState.QUEUED, 5L);
    }

    /** Two claimers at once, each in its own transaction: a job goes to one of them only. */
    @Test
    void concurrentClaimersNeverTakeTheSameJob() throws Exception {
        int jobs = 60;
        for (int i = 0; i < jobs; i++) enqueue("probe", null, "n" + i, 1);
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        List<Long> twice = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                String worker = "w" + w;
                workers.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    Optional<Job> j;
                    while ((j = claim(worker, 2_000, "probe")).isPresent()) {
                        if (!claimed.add(j.get().id())) twice.add(j.get().id());
                        n++;
                    }
                    return n;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : workers) total += f.get();
            assertThat(twice).isEmpty();
            assertThat(total).isEqualTo(jobs);
        } finally {
            pool.shutdown();
        }
        assertThat(claimed).hasSize(jobs);
        assertThat(catalog.<java.util.Map<JobState, Long>>read(s -> s.jobs().counts())).containsEntry(JobState.RUNNING, (long) jobs);
    }
}
