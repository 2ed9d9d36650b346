package org.thatdam.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.JobState;

/**
 * A job's percentage follows its real work: a motion job with stills and a clip (the clip, a full
 * decode and H.264 encode, costs far more than the analysis) must not rush to a high percentage
 * during the quick analysis and then crawl through the encode.
 */
class HonestProgressTest {

    @TempDir Path tmp;
    Dam dam;

    @BeforeEach
    void open() {
        dam = DamTesting.openDam(tmp);
    }

    @AfterEach
    void close() {
        dam.close();
    }

    /** One progress report of the job, with when it was seen. */
    record Seen(long nanos, double progress) {}

    @Test
    void motionProgressIsMonotonicAndKeepsPaceWithTheWork() {
        Path media = tmp.resolve("media");
        Path file = TestMedia.copy(TestMedia.clip(12, "640x360"), media, "moving.mp4");
        DamTesting.scan(dam, media);
        long asset = DamTesting.at(dam, file).asset().id();
        // The derivative jobs of the scan are done first, so only the motion job runs while measured.
        dam.engine().start();
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> dam.jobs().pending() == 0);

        List<Seen> seen = new ArrayList<>();
        long[] runningAt = {0};
        long[] endedAt = {0};
        long[] id = {-1};
        dam.events().subscribe(e -> {
            synchronized (seen) {
                if (e instanceof DamEvent.JobProgress p && p.jobId() == id[0]) {
                    seen.add(new Seen(System.nanoTime(), p.progress()));
                } else if (e instanceof DamEvent.JobStateChanged s && s.jobId() == id[0]) {
                    if (s.state().equals("running")) runningAt[0] = System.nanoTime();
                    if (s.state().equals("done")) endedAt[0] = System.nanoTime();
                }
            }
        });
        synchronized (seen) {
            id[0] = dam.motion().request(asset, new MotionRequest(0.5, 0.5, 3, true), Actor.commandLine());
        }
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> dam.jobs().find(id[0]).state().finished());
        assertThat(dam.jobs().find(id[0]).state()).isEqualTo(JobState.DONE);
        assertThat(dam.motion().latest(asset).orElseThrow().clip()).as("the clip was made").isNotNull();

        List<Seen> reports;
        synchronized (seen) {
            reports = List.copyOf(seen);
        }
        assertThat(reports).as("progress was reported along the way").hasSizeGreaterThan(3);
        for (int i = 1; i < reports.size(); i++) {
            assertThat(reports.get(i).progress()).as("never goes back").isGreaterThanOrEqualTo(reports.get(i - 1).progress());
        }
        // Half the bar is not reached in the first fifth of the run (before: 70 % after the
        // analysis, a tenth of the run, then the encode crawled through the last 20 %).
        double total = endedAt[0] - runningAt[0];
        Seen half = reports.stream().filter(r -> r.progress() >= 0.5).findFirst().orElseThrow();
        assertThat((half.nanos() - runningAt[0]) / total).as("share of the run's time when 50 % was reported")
                .isGreaterThan(0.2);
        // And the bar is not stuck low either: by the last fifth of the run it is past a third.
        double lateProgress = reports.stream().filter(r -> (r.nanos() - runningAt[0]) / total <= 0.8)
                .mapToDouble(Seen::progress).max().orElse(0);
        assertThat(lateProgress).as("progress reported within the first 80 % of the run").isGreaterThan(0.33);
    }
}
