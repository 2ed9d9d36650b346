package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** {@code dam ls}: the roots, a folder's folders and files as a table and as JSON, and the paths it refuses. */
class LsCliTest {

    @TempDir Path tmp;

    @Test
    void listsTheRootsAndAFoldersFoldersAndFiles() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        TestMedia.copy(TestMedia.h264Mp4(), media.resolve("trip"), "clip.mp4");
        TestMedia.copy(TestMedia.mp3(), media.resolve("trip/day 2"), "tone.mp3");
        TestMedia.copy(TestMedia.shortClip(), media, "short.mp4");
        Files.createDirectories(media.resolve("later"));
        CliRunner.age(media);
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("ls").out()).contains("no library roots yet");
        CliRunner.Result added = dam.run("roots", "add", media.toString());
        assertThat(added.code()).as(added.err()).isZero();

        JsonNode roots = dam.run("ls", "--json").json();
        assertThat(roots.path("folder").isNull()).isTrue();
        assertThat(roots.path("folders").get(0).path("path").asText()).isEqualTo(media.toString());
        assertThat(roots.path("folders").get(0).path("assets").asLong()).isEqualTo(3);
        String rootsTable = dam.run("ls").out();
        assertThat(rootsTable.lines().findFirst().orElseThrow()).startsWith("root").contains("assets").contains("duration");
        assertThat(rootsTable).contains(media + "/");

        CliRunner.Result top = dam.run("ls", media.toString());
        assertThat(top.code()).as(top.err()).isZero();
        assertThat(top.out().lines().findFirst().orElseThrow()).startsWith(media + "  3 asset(s), ");
        assertThat(top.out()).contains("trip/").contains("later").contains("not catalogued").contains("short.mp4");

        JsonNode trip = dam.run("ls", media + "/trip/", "--json").json();
        assertThat(trip.path("folder").path("assets").asLong()).isEqualTo(2);
        assertThat(trip.path("folders").get(0).path("name").asText()).isEqualTo("day 2");
        assertThat(trip.path("files").get(0).path("asset").path("videoCodec").asText()).isEqualTo("h264");
        String day2 = dam.run("ls", media + "/trip/day 2").out();
        assertThat(day2).contains("tone.mp3").contains("audio");

        Files.delete(media.resolve("short.mp4"));
        assertThat(dam.run("prune").code()).isZero();
        assertThat(dam.run("ls", media.toString(), "--limit", "1").out()).containsPattern("\\d+\\s+video\\s+missing\\s+.*short\\.mp4");

        CliRunner.Result outside = dam.run("ls", tmp.toString());
        assertThat(outside.code()).isEqualTo(3);
        assertThat(outside.err()).startsWith("dam: ").contains("not inside a library root");
        CliRunner.Result file = dam.run("ls", media.resolve("trip/clip.mp4").toString());
        assertThat(file.code()).isEqualTo(2);
        assertThat(file.err()).contains("is a file, not a folder");
        assertThat(dam.run("ls", media.toString(), "--limit", "0").err()).contains("limit must be between 1 and 1000");
    }
}
