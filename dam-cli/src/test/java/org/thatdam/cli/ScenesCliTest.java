package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.testing.SlideClips;
import org.thatdam.media.testing.SceneMedia;
import org.thatdam.media.testing.TestMedia;

class ScenesCliTest {

    @TempDir Path tmp;

    @Test
    void listsScenesAfterAnAnalysis() {
        Path media = tmp.resolve("media");
        Path clip = TestMedia.copy(SceneMedia.cuts(), media, "cuts.mp4");
        Path still = TestMedia.copy(TestMedia.png(), media, "still.png");
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("scan", media.toString()).code()).isZero();

        CliRunner.Result none = dam.run("scenes", clip.toString());
        assertThat(none.code()).isZero();
        assertThat(none.out()).contains("has no scenes yet").contains("--analyse");

        CliRunner.Result analysed = dam.run("scenes", clip.toString(), "--analyse");
        assertThat(analysed.code()).as(analysed.err()).isZero();
        String[] lines = analysed.out().strip().split("\n");
        assertThat(lines[0]).contains("#").contains("start–end").contains("beats").contains("keyframe")
                .contains("on-screen text");
        assertThat(lines).hasSize(1 + 3); // header, three scenes
        assertThat(analysed.out()).contains("0:00.0–0:03.0").contains("0:03.0–0:06.0").contains("0:06.0–0:12.0")
                .contains(".jpg");

        JsonNode json = dam.run("scenes", clip.toString(), "--json").json();
        assertThat(json.path("scenes").size()).isEqualTo(3);
        assertThat(json.path("scenes").get(1).path("startSec").asDouble()).isEqualTo(3.0);
        assertThat(json.path("scenes").get(2).path("beats").size()).isEqualTo(2);
        assertThat(json.path("scenes").get(0).path("keyframeUrl").asText()).endsWith("/keyframe");

        CliRunner.Result notVideo = dam.run("scenes", still.toString(), "--analyse");
        assertThat(notVideo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(notVideo.err()).contains("only videos have scenes").doesNotContain("Exception");
        CliRunner.Result missing = dam.run("scenes", "424242");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("424242").doesNotContain("Exception");
    }

    @Test
    void theTableShowsTheFirstLineOfOnScreenText() {
        Path media = tmp.resolve("media");
        Path deck = TestMedia.copy(SlideClips.deck(), media, "deck.mp4");
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("scan", media.toString()).code()).isZero();
        CliRunner.Result analysed = dam.run("scenes", deck.toString(), "--analyse");
        assertThat(analysed.code()).as(analysed.err()).isZero();
        // the scenes job queued the reading of the keyframes' text: run it
        CliRunner.Result ran = dam.run("jobs", "wait");
        assertThat(ran.code()).as(ran.err()).isZero();

        CliRunner.Result table = dam.run("scenes", deck.toString());
        assertThat(table.code()).as(table.err()).isZero();
        List<String> rows = table.out().strip().lines().toList();
        assertThat(rows.get(0)).endsWith("on-screen text");
        assertThat(rows).as(table.out()).anyMatch(r -> r.endsWith("  Q3 roadmap"));
        assertThat(table.out()).doesNotContain("Launch in October"); // a scene's first line only
    }
}
