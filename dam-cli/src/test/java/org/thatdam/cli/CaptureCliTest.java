package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dam capture} in this process (no server runs): the sources as the API answers them, a take of the
 * built-in test pattern recorded, finalised and catalogued before the command returns, and what it refuses.
 */
class CaptureCliTest {

    @TempDir Path tmp;

    @Test
    void sourcesAndARecordingWithoutAServer() throws Exception {
        CliRunner dam = new CliRunner(tmp.resolve("home"));

        CliRunner.Result sources = dam.run("capture", "sources", "--json");
        assertThat(sources.code()).as(sources.err()).isZero();
        JsonNode all = sources.json();
        assertThat(all.path("encoder").asText()).isNotBlank();
        assertThat(all.path("audio").isArray()).isTrue();
        assertThat(all.path("sources").get(0).path("id").asText()).isEqualTo("test-1");
        assertThat(all.path("sources").get(0).path("kind").asText()).isEqualTo("test");
        CliRunner.Result table = dam.run("capture", "sources");
        assertThat(table.out()).contains("test-1").contains("encoder: ");

        CliRunner.Result rec = dam.run("capture", "record", "test-1", "--seconds", "2", "--name", "X", "--json");
        assertThat(rec.code()).as(rec.err()).isZero();
        JsonNode take = rec.json().path("takes").get(0);
        assertThat(take.path("state").asText()).isEqualTo("finished");
        assertThat(take.path("name").asText()).isEqualTo("X");
        assertThat(take.path("durationSeconds").asDouble()).isBetween(1.5, 2.5);
        assertThat(take.path("assetId").isNumber()).as("catalogued: %s", take).isTrue();
        Path file = Path.of(take.path("path").asText());
        assertThat(Files.size(file)).isPositive();
        // in the library under its name
        JsonNode shown = dam.run("show", take.path("assetId").asText(), "--json").json();
        assertThat(shown.toString()).contains("\"X\"");
    }

    @Test
    void refusalsSayWhyWithTheUsualExitCodes() {
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        CliRunner.Result unknown = dam.run("capture", "record", "no-such-source", "--seconds", "1");
        assertThat(unknown.code()).isEqualTo(3);
        assertThat(unknown.err()).startsWith("dam: ");
        // a password never travels on the command line, where every user of the machine sees it
        CliRunner.Result inline = dam.run("capture", "add", "Cam", "rtsp://op:secret@127.0.0.1:9/x");
        assertThat(inline.code()).isEqualTo(2);
        assertThat(inline.err()).contains("--password-stdin").doesNotContain("secret");
        CliRunner.Result added = dam.runWithStdin("pw-S3cret-771\n", "capture", "add", "Cam", "rtsp://127.0.0.1:9/x", "--user", "op",
                "--password-stdin", "--json");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out() + added.err()).doesNotContain("pw-S3cret-771");
        String id = added.json().path("id").asText();
        assertThat(dam.run("capture", "sources", "--json").out()).contains(id).doesNotContain("pw-S3cret-771");
        assertThat(dam.run("capture", "remove", id).code()).isZero();
        assertThat(dam.run("capture", "remove", id).code()).isEqualTo(3);
        assertThat(dam.run("capture", "stop").out()).contains("nothing was recording");
    }
}
