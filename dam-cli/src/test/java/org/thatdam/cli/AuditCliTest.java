package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.media.testing.TestMedia;

class AuditCliTest {

    @TempDir Path tmp;

    @Test
    void filtersByUserAndSinceAndRefusesBadTimesInWords() {
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.runWithStdin("password one\n", "users", "add", "root", "--role", "admin", "--password-stdin").code()).isZero();
        try (Dam d = dam.open()) {
            d.sessions().login("root", "password one", "192.0.2.7", "curl");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.sessions().login("root\u202eFORGED", "wrong one", "192.0.2.8", null));
        }
        String failed = dam.run("audit", "--limit", "1").out();
        assertThat(failed).as("someone unknown on the network is not the command line, and cannot direct the text")
                .contains("(anonymous)").contains("root?FORGED").doesNotContain("\u202e").doesNotContain("(command line)");
        assertThat(dam.run("audit", "--json").json().findValuesAsText("action")).containsExactly("login.failed", "login", "user.add");
        assertThat(dam.run("audit", "--user", "ROOT", "--json").json().findValuesAsText("address")).containsExactly("192.0.2.7");
        assertThat(dam.run("audit", "--since", "7d", "--json").json()).hasSize(3);
        assertThat(dam.run("audit", "--since", "2999-01-01", "--json").json()).isEmpty();
        assertThat(dam.run("audit", "--since", "2000-01-01T00:00:00Z", "--limit", "1", "--json").json()).hasSize(1);
        String text = dam.run("audit").out();
        assertThat(text).contains("(command line)").contains("user.add").contains("192.0.2.7");
        for (String bad : new String[] {"yesterday", "2026-13-01", "7x", ""}) {
            CliRunner.Result r = dam.run("audit", "--since", bad);
            assertThat(r.code()).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(bad).contains("length of time").doesNotContain("Exception");
        }
        assertThat(dam.run("audit", "--limit", "0").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void libraryChangesMadeOnTheCommandLineAreAuditedWithNoUser() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media.resolve("trip"), "clip.mp4");
        Path gone = TestMedia.copy(TestMedia.mp3(), media.resolve("old"), "tone.mp3");
        CliRunner dam = new CliRunner(tmp.resolve("home"));

        assertThat(dam.run("roots", "add", media.toString()).code()).isZero();
        assertThat(dam.run("scan").code()).isZero();
        assertThat(dam.run("batches", "rename", "trip", "holiday").code()).isZero();
        Files.delete(gone); // a file of this test's own, gone from the library
        assertThat(dam.run("prune", "--purge").code()).isZero();

        List<JsonNode> entries = StreamSupport.stream(dam.run("audit", "--json").json().spliterator(), false).toList();
        assertThat(entries).extracting(e -> e.path("action").asText())
                .containsExactly("prune", "batch.rename", "scan.start", "scan.start", "root.add");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.path("user").isNull()).as("the command line names no user: %s", e).isTrue();
            assertThat(e.path("address").isNull()).as("nor an address: %s", e).isTrue();
        });
        assertThat(entries.get(0).path("detail").asText()).isEqualTo("purge: 1 gone, 1 asset(s) forgotten");
        assertThat(entries.get(1).path("target").asText()).isEqualTo("batch trip");
        assertThat(entries.get(1).path("detail").asText()).isEqualTo("to holiday");
        assertThat(entries.get(4).path("target").asText()).isEqualTo("root " + media.toRealPath());
    }
}
