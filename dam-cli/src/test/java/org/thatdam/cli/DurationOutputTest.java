package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** Durations in the CLI's tables: a clip shorter than a second never shows as zero. */
class DurationOutputTest {

    @TempDir Path tmp;

    @Test
    void subSecondClipListsWithItsLength() {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.clip(0.4, "160x120"), media, "blink.mp4");
        CliRunner.age(media);
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("scan", media.toString()).code()).isZero();
        double sec = dam.run("show", media.resolve("blink.mp4").toString(), "--json").json().get("durationSec").asDouble();
        assertThat(sec).isBetween(0.35, 0.5);
        String row = dam.run("list").out().lines().filter(l -> l.contains("blink.mp4")).findFirst().orElseThrow();
        assertThat(row).contains(Output.duration(sec)).doesNotContain("0:00");
        assertThat(Output.duration(sec)).matches("0\\.[45] s");
    }

    @Test
    void formats() {
        assertThat(Output.duration(0.04)).isEqualTo("0.04 s");
        assertThat(Output.duration(0.4)).isEqualTo("0.4 s");
        assertThat(Output.duration(6.0)).isEqualTo("6.0 s");
        assertThat(Output.duration(20.2)).isEqualTo("0:20");
        assertThat(Output.duration(3725.0)).isEqualTo("1:02:05");
        assertThat(Output.duration(null)).isEmpty();
    }
}
