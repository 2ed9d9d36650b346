package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** dam verify on a card copy: a missing history, sealing with --write, tampering, JSON and exit codes. */
class VerifyCliTest {

    @TempDir Path tmp;

    @Test
    void verifyReportsExactlyWhatChanged() throws Exception {
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        Path card = Files.createDirectories(tmp.resolve("A001"));
        TestMedia.copy(TestMedia.h264Mp4(), card.resolve("CLIPS"), "C0001.MP4");
        TestMedia.copy(TestMedia.h264Mp4(), card.resolve("CLIPS"), "C0002.MP4");
        Files.writeString(card.resolve("notes.txt"), "take 3 was the good one");
        Files.writeString(card.resolve(".DS_Store"), "clutter");

        CliRunner.Result none = dam.run("verify", card.toString());
        assertThat(none.code()).isEqualTo(3);
        assertThat(none.err()).contains("has no ASC MHL history (no ascmhl/ folder").doesNotContain("Exception");

        CliRunner.Result sealed = dam.run("verify", card.toString(), "--write", "--json");
        assertThat(sealed.code()).as(sealed.err()).isZero();
        assertThat(sealed.json().path("generation").asText()).contains("ascmhl/0001_A001_").endsWith("Z.mhl");
        assertThat(sealed.json().path("report").path("added")).hasSize(3);

        CliRunner.Result good = dam.run("verify", card.toString());
        assertThat(good.code()).as(good.err()).isZero();
        assertThat(good.out()).contains("verified: all verified (3 recorded files); 3 file(s)");

        Path clip = card.resolve("CLIPS/C0002.MP4");
        byte[] b = Files.readAllBytes(clip);
        b[b.length / 2] ^= 0x20;
        Files.write(clip, b);
        Files.delete(card.resolve("notes.txt"));
        Files.writeString(card.resolve("CLIPS/C0003.MP4"), "a clip shot later");

        CliRunner.Result bad = dam.run("verify", card.toString());
        assertThat(bad.code()).isEqualTo(4);
        assertThat(bad.out()).contains("CHANGED  CLIPS/C0002.MP4  (xxh64 ")
                .contains("MISSING  notes.txt").contains("NEW      CLIPS/C0003.MP4")
                .doesNotContain("C0001.MP4").doesNotContain(".DS_Store")
                .contains("NOT verified: 1 changed, 1 missing, 1 new (3 recorded files)");
        assertThat(bad.err()).contains("does not match its ASC MHL history: 1 changed, 1 missing");

        JsonNode json = dam.run("verify", card.toString(), "--json").json();
        assertThat(json.path("ok").asBoolean()).isFalse();
        assertThat(json.path("report").path("changed")).singleElement()
                .satisfies(m -> assertThat(m.path("path").asText()).isEqualTo("CLIPS/C0002.MP4"));
        assertThat(json.path("report").path("missing").get(0).asText()).isEqualTo("notes.txt");

        // Recording the damage keeps the original hash as the reference: the next check still fails.
        assertThat(dam.run("verify", card.toString(), "--write").code()).isEqualTo(4);
        assertThat(card.resolve("ascmhl")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("0002_A001_"));
        assertThat(dam.run("verify", card.toString()).code()).isEqualTo(4);

        // A folder holding sealed folders (a backup folder holds snapshots) names them.
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        Files.move(card, backups.resolve("20260301T030000Z"));
        CliRunner.Result parent = dam.run("verify", backups.toString());
        assertThat(parent.code()).isEqualTo(3);
        assertThat(parent.err()).contains("this is a backup folder; verify one of its snapshots: dam verify "
                + backups.resolve("20260301T030000Z"));

        assertThat(dam.run("verify", tmp.resolve("nope").toString()).code()).isEqualTo(3);
        assertThat(dam.run("verify", "").code()).isEqualTo(2);
    }

    @Test
    void helpSaysWhatItChecksAndItsExitCodes() {
        String top = CliRunner.runRaw("--help").out();
        assertThat(top).contains("  verify ");
        // picocli lists each command with the first line of its description: a whole sentence.
        assertThat(top.replaceAll("\\s+", " "))
                .contains(" verify Check a folder (an offload destination, a backup snapshot) against its ASC MHL history. ")
                .contains(" backup Back up the library into a new snapshot inside a folder. ")
                .contains(" restore Restore a backup into a new library folder (--home, which must be empty or not exist). ")
                .contains(" import Copy a camera card (any folder) into the library with proof. ")
                .contains(" upload Send files or folders to a server with resumable (tus) uploads. ");
        CliRunner.Result help = CliRunner.runRaw("verify", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("Usage: dam verify")
                .contains("Lists MISSING, CHANGED and NEW files").contains("Exit code 0 when every recorded file is there unchanged, 4 when not, 3 when DIR or its ascmhl/ is missing")
                .contains("--write");
    }
}
