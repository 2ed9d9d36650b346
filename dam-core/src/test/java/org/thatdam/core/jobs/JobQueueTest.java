package org.thatdam.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;
import static org.thatdam.core.testing.DamTesting.at;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.JobGrouping;
import org.thatdam.core.Dam;
import org.thatdam.core.events.DamEvent;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;

/** The queue as the jobs page sees it: summary and ETA, groups, pause and resume, skipped work, retention. */
class JobQueueTest {

    @TempDir Path tmp;
    Path media;
    Dam dam;
    long clip;
    long tone;

    @BeforeEach
    void setUp() {
        dam = openDam(tmp);
        media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "clip.mp4");
        TestMedia.copy(TestMedia.mp3(), media, "tone.mp3");
        scan(dam, media);
        clip = at(dam, media.resolve("clip.mp4")).asset().id();
        tone = at(dam, media.resolve("tone.mp3")).asset().id();
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    JobService jobs() {
        return dam.jobs();
    }

    Job job(String kind, long assetId) {
        return jobs().list(null, 100).stream().filter(j -> j.kind().equals(kind) && j.assetId() == assetId).findFirst().orElseThrow();
    }

    @Test
    void theSummaryCountsThePendingWorkAndMeasuresItsRate() throws Exception {
        QueueSummary before = jobs().summary();
        long queued = jobs().counts().get(JobState.QUEUED);
        assertThat(before.pending()).isEqualTo(queued).isGreaterThanOrEqualTo(7);
        assertThat(before.progress()).isZero();
        assertThat(before.etaSeconds()).as("nothing finished yet: no rate to go by").isNull();
        assertThat(before.paused()).isFalse();
        assertThat(before.kinds()).extracting(QueueSummary.Kind::kind)
                .containsExactly(JobKind.POSTER, JobKind.SPRITE, JobKind.PROXY, JobKind.FULL_HASH);

        assertThat(jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
        QueueSummary after = jobs().summary();
        assertThat(after.pending()).isZero();
        assertThat(after.progress()).isEqualTo(1.0);
        assertThat(after.etaSeconds()).isZero();
        assertThat(after.counts().get(JobState.DONE)).isEqualTo(queued);
        assertThat(after.kinds()).allSatisfy(k -> assertThat(k.perMinute()).as(k.kind().id()).isPositive());

        // New work of kinds with a measured rate gets an estimate; its progress counts from where it began.
        // The queue as a whole promises something only while a job of it runs (the same read gives both).
        jobs().enqueue(JobKind.POSTER, clip, Actor.commandLine());
        QueueSummary again = jobs().summary();
        assertThat(again.pending()).isEqualTo(1);
        assertThat(again.kinds()).filteredOn(k -> k.kind() == JobKind.POSTER).singleElement()
                .satisfies(k -> assertThat(k.etaSeconds()).isNotNull().isGreaterThanOrEqualTo(0));
        assertThat(again.etaSeconds() != null).as("an estimate exactly while something works the queue")
                .isEqualTo(again.counts().get(JobState.RUNNING) > 0);
        assertThat(again.progress()).isZero();
    }

    @Test
    void groupsPutFailuresFirstAndPageThroughAssetsOrKinds() throws Exception {
        // The tone's file goes away: its jobs fail for good (no file of the asset on disk).
        Files.delete(media.resolve("tone.mp3"));
        assertThat(jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
        assertThat(job("poster", tone).state()).isEqualTo(JobState.FAILED);

        JobGroups byAsset = jobs().groups(JobGrouping.ASSET, 0, 50, 20);
        assertThat(byAsset.total()).isEqualTo(2);
        assertThat(byAsset.groups()).extracting(JobGroups.Group::key).containsExactly(Long.toString(tone), Long.toString(clip));
        JobGroups.Group failed = byAsset.groups().get(0);
        assertThat(failed.counts().get(JobState.FAILED)).isEqualTo(3);
        assertThat(failed.jobs()).allSatisfy(j -> assertThat(j.error()).contains("on disk"));
        assertThat(byAsset.groups().get(1).progress()).isEqualTo(1.0);

        JobGroups page = jobs().groups(JobGrouping.ASSET, 1, 1, 2);
        assertThat(page.groups()).singleElement().satisfies(g -> {
            assertThat(g.key()).isEqualTo(Long.toString(clip));
            assertThat(g.jobs()).as("at most the asked number of jobs per group").hasSize(2);
        });

        JobGroups byKind = jobs().groups(JobGrouping.KIND, 0, 50, 20);
        // kinds with a failure first (the most recently updated first among them), then the others
        assertThat(byKind.groups()).extracting(JobGroups.Group::key).hasSize(4).endsWith("sprite")
                .containsExactlyInAnyOrder("poster", "proxy", "full-hash", "sprite");
        assertThat(byKind.groups().get(0).jobs().get(0).state()).as("failed first within a group").isEqualTo(JobState.FAILED);
        assertCode(() -> jobs().groups(JobGrouping.KIND, -1, 10, 10), ErrorCode.INVALID, "offset");

        assertThat(jobs().list(null, JobKind.POSTER, 0, 10)).hasSize(2);
        assertThat(jobs().list(JobState.FAILED, JobKind.POSTER, 1, 10)).isEmpty();
    }

    @Test
    void clearingAndRetentionKeepFailedJobsUntilAskedFor() throws Exception {
        Files.delete(media.resolve("tone.mp3"));
        assertThat(jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
        long failed = jobs().counts().get(JobState.FAILED);
        long done = jobs().counts().get(JobState.DONE);
        assertThat(failed).isEqualTo(3);

        assertThat(jobs().prune(Duration.ofDays(7))).as("nothing is a week old").isZero();
        assertThat(jobs().prune(Duration.ZERO)).isEqualTo(done);
        assertThat(jobs().counts().get(JobState.FAILED)).as("failed jobs stay").isEqualTo(failed);

        List<DamEvent> events = org.thatdam.core.testing.DamTesting.record(dam);
        assertThat(jobs().clear(JobService.Clear.FAILED, Actor.commandLine())).isEqualTo(failed);
        assertThat(jobs().counts().values()).allMatch(n -> n == 0);
        assertThat(events).contains(new DamEvent.JobsCleared("failed", (int) failed));
        assertThat(dam.audit().query(null, null, "job.clear", 10)).extracting(AuditEntry::detail).containsExactly("failed, 3 job(s)");
        assertCode(() -> JobService.Clear.parse("everything"), ErrorCode.INVALID, "expected finished or failed");
    }

    @Test
    void pauseLetsTheRunningJobFinishStartsNothingNewAndOutlastsARestart() throws Exception {
        long pending = jobs().pending();
        AtomicBoolean paused = new AtomicBoolean();
        // Paused the moment the first job starts: that one finishes, no other starts.
        dam.events().subscribe(e -> {
            if (e instanceof DamEvent.JobStateChanged s && s.state().equals("running") && paused.compareAndSet(false, true)) {
                jobs().pause(Actor.commandLine());
            }
        });
        dam.engine().start();
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> paused.get() && jobs().counts().get(JobState.RUNNING) == 0);
        assertThat(jobs().counts().get(JobState.DONE)).isEqualTo(1);
        assertThat(jobs().counts().get(JobState.QUEUED)).isEqualTo(pending - 1);
        java.util.Optional<Job> claimed = dam.catalog().write(
                s -> s.jobs().claim(Set.of("poster", "sprite", "proxy", "full-hash"), "w", System.currentTimeMillis()));
        assertThat(claimed).as("nothing is claimed while paused, by any process").isEmpty();
        assertCode(() -> jobs().runUntilIdle(Duration.ofMinutes(1)), ErrorCode.CONFLICT, "the job queue is paused (by command line");
        QueueSummary s = jobs().summary();
        assertThat(s.paused()).isTrue();
        assertThat(s.pausedBy()).isEqualTo("command line");
        assertThat(s.etaSeconds()).as("a paused queue has no ETA").isNull();
        assertThat(dam.audit().query(null, null, "job.pause", 10)).hasSize(1);
        assertThat(jobs().pause(Actor.commandLine()).paused()).as("pausing again changes nothing").isTrue();
        assertThat(dam.audit().query(null, null, "job.pause", 10)).hasSize(1);

        dam.close();
        dam = openDam(tmp);
        assertThat(jobs().summary().paused()).as("the pause is kept in the catalog").isTrue();
        long waiting = job("poster", tone).state() == JobState.QUEUED ? job("poster", tone).id() : job("poster", clip).id();
        assertCode(() -> jobs().runUntilDone(waiting, j -> { }), ErrorCode.CONFLICT, "job " + waiting + " waits");

        assertThat(jobs().resume(Actor.commandLine()).paused()).isFalse();
        assertThat(jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
        assertThat(jobs().counts().get(JobState.DONE)).isEqualTo(pending);
        assertThat(dam.audit().query(null, null, "job.resume", 10)).hasSize(1);
    }

    @Test
    void workForAReplacedVersionIsSkippedNotDone() throws Exception {
        long oldPoster = job("poster", clip).id();
        // The file changes before its jobs ran: its new version gets jobs of its own.
        TestMedia.copy(TestMedia.shortClip(), media, "clip.mp4");
        scan(dam, media);
        assertThat(jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
        Job skipped = jobs().find(oldPoster);
        assertThat(skipped.state()).isEqualTo(JobState.SKIPPED);
        assertThat(skipped.state().succeeded()).isTrue();
        assertThat(skipped.error()).contains("newer version");
        assertThat(skipped.progress()).isEqualTo(1.0);
        assertThat(jobs().counts().get(JobState.SKIPPED)).isEqualTo(4); // poster, sprite, proxy, full hash of the old version
        assertThat(jobs().summary().kinds()).allSatisfy(k -> assertThat(k.counts().get(JobState.FAILED)).isZero());
    }
}
