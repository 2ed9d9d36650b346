package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** dam jobs pause|resume|clear and the queue's state in dam jobs list, on a real library. */
class JobsQueueCliTest {

    @TempDir Path tmp;

    @Test
    void pauseHoldsTheQueueUntilResumedThenClearDeletesFinishedJobs() {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "clip.mp4");
        CliRunner.age(media);
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("scan", media.toString()).code()).isZero();

        CliRunner.Result paused = dam.run("jobs", "pause");
        assertThat(paused.code()).as(paused.err()).isZero();
        assertThat(paused.out()).contains("queued 4").contains("queue paused by command line");
        CliRunner.Result wait = dam.run("jobs", "wait", "--timeout", "60");
        assertThat(wait.code()).as("a wait that could never end is refused: %s", wait.err()).isEqualTo(4);
        assertThat(wait.err()).contains("the job queue is paused").contains("4 job(s) wait").contains("dam jobs resume");
        assertThat(dam.run("jobs", "list").out()).contains("queue paused by command line");
        assertThat(dam.run("jobs", "pause", "--json").json().get("paused").asBoolean()).isTrue();

        JsonNode resumed = dam.run("jobs", "resume", "--json").json();
        assertThat(resumed.get("paused").asBoolean()).isFalse();
        assertThat(resumed.get("pending").asInt()).isEqualTo(4);
        assertThat(dam.run("jobs", "wait", "--timeout", "120").code()).isZero();
        assertThat(dam.run("jobs", "list").out()).contains("done 4").contains("queue idle");

        JsonNode posters = dam.run("jobs", "list", "--kind", "poster", "--json").json().get("items");
        assertThat(posters).hasSize(1);
        assertThat(dam.run("jobs", "list", "--kind", "poster", "--offset", "1", "--json").json().get("items")).isEmpty();
        CliRunner.Result badKind = dam.run("jobs", "list", "--kind", "teleport");
        assertThat(badKind.code()).isNotZero();
        assertThat(badKind.err()).contains("unknown job kind 'teleport'").doesNotContain("Exception");

        assertThat(dam.run("jobs", "clear", "--failed").out()).contains("deleted 0 failed job(s)");
        assertThat(dam.run("jobs", "clear", "--finished").out()).contains("deleted 4 finished job(s)");
        assertThat(dam.run("jobs", "list", "--json").json().get("items")).isEmpty();
        assertThat(dam.run("jobs", "clear").code()).as("which jobs must be said").isEqualTo(2);
    }

    @Test
    void theHelpNamesEveryKindOfJob() {
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        CliRunner.Result help = dam.run("jobs", "--help");
        assertThat(help.code()).isZero();
        CliRunner.Result list = dam.run("jobs", "list", "--help");
        for (org.thatdam.core.jobs.JobKind k : org.thatdam.core.jobs.JobKind.values()) {
            assertThat(help.out()).contains(k.id());
            assertThat(list.out()).contains(k.id());
        }
        assertThat(help.out()).contains("scenes, ocr, embed, fingerprint");
    }
}
