package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.cli.format.Units;

/** Durations and sizes in the CLI's tables: a clip shorter than a second never shows as zero. */
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
        assertThat(Units.duration(sec)).matches("0:00\\.[45]");
        assertThat(row).contains(Units.duration(sec));
    }

    @Test
    void formats() {
        assertThat(Units.duration(0.04)).isEqualTo("0:00.04");
        assertThat(Units.duration(0.4)).isEqualTo("0:00.4");
        assertThat(Units.duration(0.96)).isEqualTo("0:01.0");
        assertThat(Units.duration(6.0)).isEqualTo("0:06.0");
        assertThat(Units.duration(79.5)).isEqualTo("1:19.5");
        assertThat(Units.duration(20.2)).isEqualTo("0:20.2");
        assertThat(Units.duration(59.96)).isEqualTo("1:00.0");
        assertThat(Units.duration(3725.0)).isEqualTo("1:02:05.0");
        assertThat(Units.duration(null)).isEmpty();
    }

    @Test
    void sizesInDecimalUnits() {
        assertThat(Units.bytes(999L)).isEqualTo("999 B");
        assertThat(Units.bytes(1234L)).isEqualTo("1.2 kB");
        assertThat(Units.bytes(345_678_901L)).isEqualTo("346 MB");
        assertThat(Units.bytes(1_500_000_000L)).isEqualTo("1.5 GB");
        assertThat(Units.bytes(999_960L)).isEqualTo("1.0 MB");
        assertThat(Units.bytes(99_960L)).isEqualTo("100 kB");
        assertThat(Units.bytes(null)).isEmpty();
    }
}
