package org.thatdam.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.model.NewJob;
import org.thatdam.catalog.sql.SqliteCatalog;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.core.testing.TestClock;

/** The engine with simple real handlers: what is under test is queueing, limits, retries, cancel, reclaim. */
class JobEngineTest {

    @TempDir Path dir;
    SqliteCatalog catalog;
    EventBus events = new EventBus();
    List<DamEvent> seen = new CopyOnWriteArrayList<>();
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    JobEngine engine;
    /** The engine's time: it stands still, so a retry's backoff passes only when the test says so. */
    final TestClock clock = TestClock.now();

    @BeforeEach
    void open() {
        catalog = SqliteCatalog.open(dir.resolve("catalog.db"));
        events.subscribe(seen::add);
    }

    @AfterEach
    void close() {
        if (engine != null) engine.close();
        catalog.close();
    }

    /** Handlers that record their start and then do what {@code body} says for their kind. */
    JobEngine engine(Map<JobKind, Integer> limits, Function<JobKind, Body> body) {
        List<JobHandler> hs = new ArrayList<>();
        for (JobKind k : JobKind.values()) {
            hs.add(new JobHandler() {
                public JobKind kind() { return k; }

                public void run(JobContext ctx) throws Exception {
                    started.add(k.id() + ":" + ctx.job().params());
                    body.apply(k).run(ctx);
                }
            });
        }
        Map<JobKind, Integer> all = new EnumMap<>(JobKind.class);
        for (JobKind k : JobKind.values()) all.put(k, limits.getOrDefault(k, 1));
        engine = new JobEngine(catalog, events, all, hs, Duration.ofSeconds(30), clock);
        return engine;
    }

    interface Body {
        void run(JobContext ctx) throws Exception;
    }

    long enqueue(JobKind kind, String params) {
        return catalog.write(s -> s.jobs().enqueue(new NewJob(kind.id(), null, params, kind.priority(), kind.maxAttempts()),
                clock.millis()));
    }

    Job job(long id) {
        return catalog.read(s -> s.jobs().find(id)).orElseThrow();
    }

    void await(long id, JobState state) {
        Awaitility.await("job " + id + " reaches " + state).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> job(id).state() == state);
    }

    @Test
    void startUpFailsLoudlyWhenAKindHasNoHandler() {
        Map<JobKind, Integer> limits = new EnumMap<>(JobKind.class);
        for (JobKind k : JobKind.values()) limits.put(k, 1);
        JobHandler onlyPoster = new JobHandler() {
            public JobKind kind() { return JobKind.POSTER; }
            public void run(JobContext ctx) { }
        };
        assertThatThrownBy(() -> new JobEngine(catalog, events, limits, List.of(onlyPoster), Duration.ofSeconds(30), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no handler registered for job kind 'sprite'");
    }

    @Test
    void theSameWorkIsQueuedOnce() {
        long a = enqueue(JobKind.POSTER, "v=1");
        long b = enqueue(JobKind.POSTER, "v=1");
        long c = enqueue(JobKind.POSTER, "v=2");
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(catalog.read(s -> s.jobs().counts()).get(JobState.QUEUED)).isEqualTo(2);
    }

    @Test
    void higherPriorityRunsFirstAndEverythingFinishes() throws Exception {
        long proxy = enqueue(JobKind.PROXY, "p");
        long hash = enqueue(JobKind.FULL_HASH, "h");
        long poster = enqueue(JobKind.POSTER, "t");
        engine(Map.of(), k -> ctx -> ctx.progress(1)).start();
        assertThat(engine.awaitIdle(Duration.ofSeconds(20))).isTrue();
        // The dispatcher claims by priority and says so in that order; the kinds' workers then start in any order.
        assertThat(seen.stream().filter(e -> e instanceof DamEvent.JobStateChanged s && s.state().equals("running"))
                .map(e -> ((DamEvent.JobStateChanged) e).jobId()).findFirst()).contains(poster);
        assertThat(started).containsExactlyInAnyOrder("poster:t", "proxy:p", "full-hash:h");
        for (long id : new long[] {proxy, hash, poster}) {
            assertThat(job(id).state()).isEqualTo(JobState.DONE);
            assertThat(job(id).progress()).isEqualTo(1.0);
            assertThat(job(id).attempts()).isEqualTo(1);
        }
        assertThat(seen).filteredOn(e -> e instanceof DamEvent.JobStateChanged s && s.state().equals("done")).hasSize(3);
    }

    @Test
    void perKindConcurrencyIsRespected() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CountDownLatch twoIn = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 6; i++) enqueue(JobKind.POSTER, "n=" + i);
        engine(Map.of(JobKind.POSTER, 2), k -> ctx -> {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            twoIn.countDown();
            try {
                assertThat(release.await(20, TimeUnit.SECONDS)).isTrue(); // held until the test has looked
            } finally {
                now.decrementAndGet();
            }
        }).start();
        assertThat(twoIn.await(20, TimeUnit.SECONDS)).as("two jobs run at once").isTrue();
        engine.signal(); // another dispatch round while both are held: it must leave the third queued
        Map<JobState, Long> counts = catalog.read(s -> s.jobs().counts());
        assertThat(counts).containsEntry(JobState.RUNNING, 2L)
                .containsEntry(JobState.QUEUED, 4L);
        assertThat(started).hasSize(2);
        release.countDown();
        assertThat(engine.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(max.get()).isEqualTo(2);
        assertThat(started).hasSize(6);
    }

    @Test
    void transientFailuresAreRetriedWithBackoffPermanentOnesAreNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long flaky = enqueue(JobKind.SPRITE, "flaky");
        long broken = enqueue(JobKind.POSTER, "broken");
        engine(Map.of(), k -> ctx -> {
            if (k == JobKind.POSTER) throw new PermanentJobException("undecodable: moov atom not found");
            if (calls.incrementAndGet() == 1) throw new IOException("disk hiccup");
        }).start();
        await(broken, JobState.FAILED);
        assertThat(job(broken).attempts()).isEqualTo(1);
        assertThat(job(broken).error()).isEqualTo("undecodable: moov atom not found");
        // The first attempt failed: queued again, not before its backoff (1 s) has passed.
        Awaitility.await("the flaky job is queued for a retry").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> job(flaky).state() == JobState.QUEUED && job(flaky).attempts() == 1);
        clock.advance(Duration.ofSeconds(1));
        engine.signal();
        await(flaky, JobState.DONE);
        Job f = job(flaky);
        assertThat(f.attempts()).isEqualTo(2);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(f.startedAt().toEpochMilli() - f.createdAt().toEpochMilli()).as("ran again only after the backoff")
                .isGreaterThanOrEqualTo(1000);
    }

    @Test
    void givesUpAfterTheAttemptLimit() throws Exception {
        long id = enqueue(JobKind.FULL_HASH, "always");
        // one attempt only, so the test needs no backoff wait
        long one = catalog.write(s -> s.jobs().enqueue(new NewJob(JobKind.PROXY.id(), null, "once", 30, 1), clock.millis()));
        engine(Map.of(), k -> ctx -> { throw new IOException("still broken"); }).start();
        await(one, JobState.FAILED);
        assertThat(job(one).error()).isEqualTo("still broken");
        assertThat(job(id).state()).isIn(JobState.QUEUED, JobState.RUNNING); // its retries are still pending
    }

    @Test
    void cancellingARunningJobStopsIt() throws Exception {
        long id = enqueue(JobKind.PROXY, "long");
        engine(Map.of(), k -> ctx -> {
            while (!ctx.cancelled().getAsBoolean()) {
                ctx.progress(0.5);
                Thread.sleep(10); // a job body that looks at its cancel flag now and then
            }
        }).start();
        await(id, JobState.RUNNING);
        assertThat(engine.cancel(id)).isTrue();
        await(id, JobState.CANCELLED);
        assertThat(engine.cancel(id)).isFalse(); // already finished
        assertThat(catalog.<Boolean>write(s -> s.jobs().retry(id, clock.millis()))).isTrue();
        // The cancelled run's late finish must not overwrite the retry: it runs again.
        await(id, JobState.RUNNING);
        assertThat(job(id).attempts()).isEqualTo(1); // retry starts a fresh count
        // The running handler reports progress; its event may come just after the state change.
        Awaitility.await("a progress event for job " + id).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> seen.stream().anyMatch(e -> e instanceof DamEvent.JobProgress p && p.jobId() == id && p.progress() == 0.5));
    }

    @Test
    void cancellingAQueuedJobMeansItNeverRuns() throws Exception {
        long id = enqueue(JobKind.POSTER, "never");
        engine(Map.of(), k -> ctx -> { });
        assertThat(engine.cancel(id)).isTrue();
        engine.start();
        assertThat(engine.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(job(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(started).isEmpty();
    }

    @Test
    void jobsLeftRunningByADeadProcessAreReclaimed() throws Exception {
        long id = enqueue(JobKind.PROXY, "orphan");
        // A worker on this host whose process is gone (pid 2^22+1 exceeds Linux's pid_max default).
        String host = java.lang.management.ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        catalog.update(s -> s.jobs().claim(java.util.Set.of("proxy"), "4194305@" + host + "/dead", clock.millis()));
        assertThat(job(id).state()).isEqualTo(JobState.RUNNING);
        engine(Map.of(), k -> ctx -> { }).start();
        await(id, JobState.DONE);
        assertThat(job(id).attempts()).isEqualTo(2);
        assertThat(started).containsExactly("proxy:orphan");
    }

    @Test
    void aWorkerIdNamesItsNodeAndItsProcess() {
        String host = java.lang.management.ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        JobEngine e = engine(Map.of(), k -> ctx -> { });
        assertThat(e.workerId()).matches(".+/" + ProcessHandle.current().pid() + "@.+/[0-9a-f]{8}");
        assertThat(JobEngine.nodeOf("edit-suite/b/12@" + host + "/0123abcd")).isEqualTo("edit-suite/b");
        assertThat(JobEngine.nodeOf("12@old-host/0123abcd")).isEqualTo("old-host");
        assertThat(JobEngine.deadOnThisHost("worker-2/4194305@" + host + "/dead")).isTrue();
        assertThat(JobEngine.deadOnThisHost("4194305@" + host + "/dead")).isTrue();
        assertThat(JobEngine.deadOnThisHost("worker-2/" + ProcessHandle.current().pid() + "@" + host + "/alive")).isFalse();
        assertThat(JobEngine.deadOnThisHost("worker-2/4194305@elsewhere.example/gone")).isFalse();
    }

    @Test
    void aJobWhoseWorkerStoppedFailsOnceItsAttemptsAreUsedUp() throws Exception {
        long once = catalog.write(s -> s.jobs().enqueue(new NewJob(JobKind.PROXY.id(), null, "once", 30, 1), clock.millis()));
        long twice = catalog.write(s -> s.jobs().enqueue(new NewJob(JobKind.SPRITE.id(), null, "twice", 30, 2), clock.millis()));
        long stale = catalog.write(s -> s.jobs().enqueue(new NewJob(JobKind.POSTER.id(), null, "stale", 30, 1), clock.millis()));
        // Two run by a process of this host that is gone, one by a worker elsewhere that stopped beating.
        String host = java.lang.management.ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        catalog.update(s -> s.jobs().claim(java.util.Set.of("proxy"), "4194305@" + host + "/dead", clock.millis()));
        catalog.update(s -> s.jobs().claim(java.util.Set.of("sprite"), "4194305@" + host + "/dead", clock.millis()));
        catalog.update(s -> s.jobs().claim(java.util.Set.of("poster"), "1@elsewhere.example/gone", clock.millis()));
        clock.advance(Duration.ofSeconds(31));
        engine(Map.of(), k -> ctx -> { }).start();

        await(twice, JobState.DONE);
        await(once, JobState.FAILED);
        await(stale, JobState.FAILED);
        assertThat(job(once).error()).isEqualTo("the worker stopped while running this job (attempt 1 of 1)");
        assertThat(job(stale).error()).isEqualTo("the worker stopped while running this job (attempt 1 of 1)");
        assertThat(job(once).attempts()).isEqualTo(1);
        assertThat(job(twice).attempts()).isEqualTo(2);
        assertThat(started).as("only the job with an attempt left ran again").containsExactly("sprite:twice");
    }

    @Test
    void anErrorInAHandlerFailsItsJobAndTheEngineRunsOn() throws Exception {
        long oom = enqueue(JobKind.POSTER, "oom");
        long deep = enqueue(JobKind.POSTER, "deep");
        long fine = enqueue(JobKind.POSTER, "fine");
        engine(Map.of(JobKind.POSTER, 1), k -> ctx -> {
            switch (ctx.job().params()) {
                case "oom" -> { throw new OutOfMemoryError("Java heap space"); }
                case "deep" -> recurse(0);
                default -> ctx.progress(1);
            }
        }).start();
        await(oom, JobState.FAILED);
        await(deep, JobState.FAILED);
        await(fine, JobState.DONE);
        assertThat(job(oom).error()).isEqualTo("the job ran out of memory and was stopped; the server log has the details");
        assertThat(job(deep).error()).isEqualTo(
                "the job ran out of stack (its input is nested too deeply) and was stopped; the server log has the details");
        assertThat(job(oom).attempts()).as("not retried: the same input would do it again").isEqualTo(1);
        assertThat(engine.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void stoppingTheEngineRequeuesWhatItWasRunning() throws Exception {
        long id = enqueue(JobKind.SPRITE, "interrupted");
        engine(Map.of(), k -> ctx -> {
            while (!ctx.cancelled().getAsBoolean()) Thread.sleep(10);
        }).start();
        await(id, JobState.RUNNING);
        engine.close();
        engine = null;
        assertThat(job(id).state()).isEqualTo(JobState.QUEUED);
        assertThat(job(id).workerId()).isNull();
    }

    @Test
    void waitingForAJobRunsThatJobAndNotTheWorkItQueues() throws Exception {
        JobService jobs = new JobService(catalog, () -> engine, () -> engine.signal(), events, clock,
                new org.thatdam.core.audit.AuditLog(catalog, clock));
        long[] followUp = new long[1];
        long other = enqueue(JobKind.POSTER, "someone else's");
        long scenes = enqueue(JobKind.SCENES, "v=1");
        engine(Map.of(), k -> ctx -> {
            // as the scenes job does: its follow-up goes to the queue
            if (k == JobKind.SCENES) followUp[0] = enqueue(JobKind.OCR, "v=1");
        });
        assertThat(jobs.runUntilDone(scenes, j -> { }).state()).isEqualTo(JobState.DONE);
        // A job queued later, behind the follow-up (a lower priority): an engine taking any job would claim the
        // follow-up first, so once this one is done the follow-up has been passed over for good.
        long last = enqueue(JobKind.FINGERPRINT, "v=1");
        assertThat(JobKind.FINGERPRINT.priority()).isGreaterThan(JobKind.OCR.priority());
        assertThat(jobs.runUntilDone(last, j -> { }).state()).isEqualTo(JobState.DONE);

        assertThat(job(followUp[0]).state()).isEqualTo(JobState.QUEUED);
        assertThat(job(followUp[0]).attempts()).as("never claimed").isZero();
        assertThat(job(other).state()).isEqualTo(JobState.QUEUED);
        assertThat(started).containsExactly("scenes:v=1", "fingerprint:v=1");
        // the whole queue, when asked for
        engine.start();
        await(followUp[0], JobState.DONE);
        await(other, JobState.DONE);
    }

    @Test
    void closingWaitsForTheRunningHandlersToReturn() throws Exception {
        long id = enqueue(JobKind.OCR, "v=1");
        java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
        engine(Map.of(), k -> ctx -> {
            while (!ctx.cancelled().getAsBoolean()) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            // the frame in hand is finished first, as a model in native code would
            long end = System.nanoTime() + Duration.ofMillis(300).toNanos();
            for (long left; (left = end - System.nanoTime()) > 0; ) java.util.concurrent.locks.LockSupport.parkNanos(left);
            returned.set(true);
            org.thatdam.media.ffmpeg.ToolRunner.checkCancelled(ctx.cancelled());
        }).start();
        await(id, JobState.RUNNING);
        engine.close();
        engine = null;
        assertThat(returned).as("the handler had returned when close did").isTrue();
        assertThat(job(id).state()).as("requeued for the next engine").isEqualTo(JobState.QUEUED);
        assertThat(job(id).error()).isEqualTo("engine stopped; requeued");
    }
}
