package org.thatdam.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;
import static org.thatdam.core.testing.DamTesting.at;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;

/** The job queue as the API and the CLI use it, on a real catalog with the real engine and ffmpeg. */
class JobServiceTest {

    @TempDir Path tmp;
    Dam dam;
    JobService jobs;
    long clip;
    long tone;

    @BeforeEach
    void setUp() {
        dam = openDam(tmp);
        jobs = dam.jobs();
        Path media = tmp.resolve("media");
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

    @Test
    void findListAndCountTheQueue() {
        List<Job> queued = jobs.list(JobState.QUEUED, 100);
        assertThat(queued).extracting(Job::kind).contains("poster", "sprite", "proxy", "full-hash");
        assertThat(jobs.find(queued.get(0).id())).isEqualTo(queued.get(0));
        assertThat(jobs.counts().get(JobState.QUEUED)).isEqualTo(queued.size());
        assertThat(jobs.pending()).isEqualTo(queued.size());
        assertThat(jobs.list(null, 0)).as("a limit below 1 lists one").hasSize(1);
        assertCode(() -> jobs.find(999_999), ErrorCode.NOT_FOUND, "no job with id 999999");
    }

    @Test
    void cancelAndRetryAreConflictsInTheWrongState() {
        long id = jobs.list(JobState.QUEUED, 1).get(0).id();
        assertCode(() -> jobs.retry(id, Actor.commandLine()), ErrorCode.CONFLICT, "only failed or cancelled jobs can be retried");
        assertThat(jobs.cancel(id, Actor.commandLine()).state()).isEqualTo(JobState.CANCELLED);
        assertCode(() -> jobs.cancel(id, Actor.commandLine()), ErrorCode.CONFLICT, "already finished (cancelled)");
        assertThat(jobs.retry(id, Actor.commandLine()).state()).isEqualTo(JobState.QUEUED);
        assertCode(() -> jobs.cancel(424_242, Actor.commandLine()), ErrorCode.NOT_FOUND, "no job with id 424242");
        assertThat(jobs.retryFailed(Actor.commandLine())).isZero();
    }

    @Test
    void enqueueChecksTheKindAndTheAsset() {
        assertCode(() -> jobs.enqueue(JobKind.SPRITE, tone, Actor.commandLine()), ErrorCode.INVALID, "audio assets have no sprite");
        assertCode(() -> jobs.enqueue(JobKind.MOTION, clip, Actor.commandLine()), ErrorCode.INVALID, "queued by their own request");
        assertCode(() -> jobs.enqueue(JobKind.POSTER, 987_654, Actor.commandLine()), ErrorCode.NOT_FOUND, "no asset with id 987654");
        long queued = jobs.list(JobState.QUEUED, 100).stream()
                .filter(j -> j.kind().equals("poster") && j.assetId() == clip).findFirst().orElseThrow().id();
        assertThat(jobs.enqueue(JobKind.POSTER, clip, Actor.commandLine())).as("the same work is queued once").isEqualTo(queued);
    }

    @Test
    void runUntilDoneRunsTheQueueHereAndReportsTheJob() throws Exception {
        long poster = jobs.list(JobState.QUEUED, 100).stream()
                .filter(j -> j.kind().equals("poster") && j.assetId() == clip).findFirst().orElseThrow().id();
        List<Job> seen = new ArrayList<>();
        Job done = jobs.runUntilDone(poster, seen::add);
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(seen).isNotEmpty().last().isEqualTo(done);
        assertThat(jobs.runUntilIdle(Duration.ofMinutes(2))).isTrue();
        assertThat(jobs.pending()).isZero();
        assertThat(jobs.counts().get(JobState.DONE)).isEqualTo(jobs.list(null, 100).size());
        assertCode(() -> jobs.runUntilDone(31_337, j -> { }), ErrorCode.NOT_FOUND, "no job with id 31337");
    }
}
