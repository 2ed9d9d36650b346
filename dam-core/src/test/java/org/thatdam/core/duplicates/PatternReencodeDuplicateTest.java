package org.thatdam.core.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.DuplicateMedia;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;

/** A half-size 200 kbit/s re-encode of ffmpeg's moving test pattern groups with its original, and can be forgotten for it. */
class PatternReencodeDuplicateTest {

    @TempDir Path tmp;

    @Test
    void theReencodeIsGroupedAndKeepingTheOriginalForgetsIt() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(DuplicateMedia.pattern(), media, "dupA.mp4");
        TestMedia.copy(DuplicateMedia.patternReencoded(), media, "dupB.mp4");
        try (Dam dam = DamTesting.openDam(tmp)) {
            DamTesting.scan(dam, media);
            long a = DamTesting.at(dam, media.resolve("dupA.mp4")).asset().id();
            long b = DamTesting.at(dam, media.resolve("dupB.mp4")).asset().id();
            DamTesting.enqueue(dam, JobKind.FINGERPRINT, a, b);
            dam.engine().start();
            assertThat(dam.engine().awaitIdle(Duration.ofMinutes(2))).as("job queue drained").isTrue();

            DuplicateReport r = dam.duplicates().groups();
            assertThat(r.fingerprinted()).isEqualTo(2);
            assertThat(r.groups()).hasSize(1);
            DuplicateGroup g = r.groups().get(0);
            assertThat(g.members()).extracting(DuplicateMember::id).containsExactly(a, b);
            assertThat(g.members()).allSatisfy(m -> assertThat(m.similarity()).isGreaterThan(0.9));

            KeepResult kept = dam.duplicates().keep(a, List.of(b), Actor.commandLine());
            assertThat(kept.forgotten()).containsExactly(b);
            assertThat(media.resolve("dupB.mp4")).exists();
        }
    }
}
