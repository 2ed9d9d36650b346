package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** `dam scan` right after copying footage, and on paths that are not there. */
class ScanSettleCliTest {

    @TempDir Path tmp;

    @Test
    void aScanRightAfterCopyingCataloguesTheNewFiles() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("dam.toml"), "[scan]\nsettle-seconds = 1\n");
        Path media = Files.createDirectories(tmp.resolve("media"));
        TestMedia.copy(TestMedia.h264Mp4(), media, "fresh.mp4"); // modified just now
        CliRunner dam = new CliRunner(home);

        CliRunner.Result r = dam.run("scan", media.toString(), "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("added").asLong()).isEqualTo(1);
        assertThat(json.get("deferred").asLong()).isZero();
    }

    @Test
    void aPathThatIsNotThereOrNotAFolderIsAnError() {
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        CliRunner.Result gone = dam.run("scan", tmp.resolve("nonexistent").toString());
        assertThat(gone.code()).as("not found").isEqualTo(3);
        assertThat(gone.err().strip()).contains("no such folder or file").doesNotContain("Exception").hasLineCount(1);

        CliRunner.Result device = dam.run("scan", "/dev/null");
        assertThat(device.code()).isEqualTo(2);
        assertThat(device.err().strip()).contains("not a folder or a file").hasLineCount(1);
    }
}
