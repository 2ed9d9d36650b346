package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestMedia;

/** {@code dam duplicates}: the MP4 and the AVI made from the same generated clip are one group; keep forgets the other. */
class DuplicatesCliTest {

    @TempDir Path tmp;

    @Test
    void listsGroupsAndKeepsOne() throws Exception {
        Path media = tmp.resolve("media");
        Path mp4 = TestMedia.copy(TestMedia.h264Mp4(), media, "clip.mp4");
        Path avi = TestMedia.copy(TestMedia.aviMsmpeg4v3(), media, "old.avi");
        TestMedia.copy(TestMedia.mp3(), media, "tone.mp3");
        CliRunner.age(media);
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        CliRunner.Result scan = dam.run("scan", media.toString(), "--wait");
        assertThat(scan.code()).as(scan.err()).isZero();
        long clip = dam.run("show", mp4.toString(), "--json").json().path("id").asLong();
        long old = dam.run("show", avi.toString(), "--json").json().path("id").asLong();
        long tone = dam.run("show", media.resolve("tone.mp3").toString(), "--json").json().path("id").asLong();
        try (Dam d = dam.open()) { // fingerprinting is a semantic analysis, which the runner leaves off
            for (long job : DamTesting.enqueue(d, JobKind.FINGERPRINT, clip, old)) d.jobs().runUntilDone(job, j -> { });
        }

        JsonNode j = dam.run("duplicates", "--json").json();
        assertThat(j.path("fingerprinted").asInt()).isEqualTo(2);
        assertThat(j.path("groups")).hasSize(1);
        assertThat(j.path("groups").get(0).path("members").findValuesAsText("id")).containsExactlyInAnyOrder(
                Long.toString(clip), Long.toString(old));
        CliRunner.Result text = dam.run("duplicates");
        assertThat(text.out()).contains("group 1: 2 copies").contains(" reclaimable; differ in ").contains("video codec")
                .doesNotContain("videoCodec").contains("better master: ").contains("old.avi").contains("clip.mp4")
                .contains("best").contains("1 group among 2 fingerprinted videos");

        CliRunner.Result stranger = dam.run("duplicates", "keep", Long.toString(clip), "--forget", Long.toString(tone));
        assertThat(stranger.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(stranger.err()).contains("not duplicates of asset " + clip).doesNotContain("Exception");

        CliRunner.Result alone = dam.run("duplicates", "keep", Long.toString(tone));
        assertThat(alone.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(alone.err()).contains("asset " + tone + " has no known duplicates");
        assertThat(dam.run("duplicates", "keep", "987654321").code()).as("no such asset").isEqualTo(3);

        // without --forget, the rest of the group is forgotten
        CliRunner.Result keep = dam.run("duplicates", "keep", Long.toString(clip));
        assertThat(keep.code()).as(keep.err()).isZero();
        assertThat(keep.out()).contains("kept " + clip + "; forgot " + old);
        assertThat(avi).exists();
        assertThat(dam.run("show", Long.toString(old)).code()).isEqualTo(3);
        assertThat(dam.run("duplicates").out()).contains("no duplicates among 1 fingerprinted videos");
    }
}
