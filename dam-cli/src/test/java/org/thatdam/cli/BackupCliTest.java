package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** dam backup and dam restore end to end: a restored library lists and searches the same assets. */
class BackupCliTest {

    @TempDir Path tmp;

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        (list.has("items") ? list.get("items") : list).forEach(a -> out.add(a.get("id").asText() + " " + a.get("path").asText()));
        return out;
    }

    @Test
    void backupIncrementallyThenRestoreIntoANewHome() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "vtest.mp4");
        TestMedia.copy(TestMedia.mp3(), media, "tone.mp3");
        CliRunner.age(media);
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("roots", "add", media.toString()).code()).isZero();
        CliRunner.Result scanned = dam.run("scan", "--wait");
        assertThat(scanned.code()).as(scanned.err()).isZero();
        Files.writeString(tmp.resolve("home/dam.toml"), "[backup]\nkeep = 4\n");

        Path backups = tmp.resolve("backups");
        CliRunner.Result first = dam.run("backup", "--to", backups.toString(), "--json");
        assertThat(first.code()).as(first.err()).isZero();
        JsonNode one = first.json();
        assertThat(one.get("assets").asInt()).isEqualTo(2);
        assertThat(one.get("filesCopied").asInt()).isPositive();
        JsonNode two = dam.run("backup", "--to", backups.toString(), "--json").json();
        assertThat(two.get("filesCopied").asInt()).as("nothing changed").isZero();
        assertThat(two.get("filesSkipped").asInt()).isEqualTo(one.get("filesCopied").asInt());
        String text = dam.run("backup", "--to", backups.toString(), "--no-derivatives").out();
        assertThat(text).contains("backup " + backups).contains("assets").contains("copied");
        Path snapshot = Path.of(two.get("path").asText());
        assertThat(snapshot.resolve("dam.toml")).hasContent("[backup]\nkeep = 4\n");
        assertThat(snapshot.resolve("ascmhl")).isDirectory();

        CliRunner.Result verified = CliRunner.runRaw("verify", snapshot.toString());
        assertThat(verified.code()).as(verified.out() + verified.err()).isZero();
        // the newest snapshot's catalog is its own file (derivatives are shared by hard links): damage it
        Path newest = Path.of(dam.run("backup", "--to", backups.toString(), "--json").json().get("path").asText());
        byte[] db = Files.readAllBytes(newest.resolve("catalog.db"));
        db[db.length - 1] ^= 1;
        Files.write(newest.resolve("catalog.db"), db);
        CliRunner.Result tampered = CliRunner.runRaw("verify", newest.toString());
        assertThat(tampered.code()).isEqualTo(4);
        assertThat(tampered.out()).contains("CHANGED  catalog.db");
        CliRunner.Result damaged = CliRunner.runRaw("restore", backups.toString(), "--home", tmp.resolve("h4").toString());
        assertThat(damaged.code()).isEqualTo(2);
        assertThat(damaged.err()).contains("is damaged: catalog.db (changed)");
        assertThat(tmp.resolve("h4")).doesNotExist();

        CliRunner.Result refused = dam.run("backup", "--to", media.resolve("bk").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).startsWith("dam: ").contains("inside the library root");

        Path home2 = tmp.resolve("home2");
        CliRunner.Result restored = CliRunner.runRaw("restore", backups.toString(), "--snapshot", two.get("snapshot").asText(),
                "--home", home2.toString(), "--json");
        assertThat(restored.code()).as(restored.err()).isZero();
        JsonNode r = restored.json();
        assertThat(r.get("assets").asInt()).isEqualTo(2);
        assertThat(r.get("indexed").asInt()).isEqualTo(2);
        assertThat(r.get("missingRoots")).isEmpty();
        assertThat(r.get("settingsFromBackup")).extracting(JsonNode::asText).containsExactly("backup.keep = 4");
        assertThat(home2.resolve("dam.toml")).hasContent("[backup]\nkeep = 4\n");

        CliRunner again = new CliRunner(home2);
        assertThat(ids(again.run("list", "--json").json())).isEqualTo(ids(dam.run("list", "--json").json()));
        JsonNode found = again.run("search", "vtes", "--json").json();
        assertThat(found.get("total").asInt()).isEqualTo(1);
        assertThat(found.get("items").get(0).get("path").asText()).endsWith("vtest.mp4");

        CliRunner.Result notEmpty = CliRunner.runRaw("restore", backups.toString(), "--home", home2.toString());
        assertThat(notEmpty.code()).isEqualTo(4);
        assertThat(notEmpty.err()).startsWith("dam: ").contains("already holds a library");
        CliRunner.Result noHome = CliRunner.runRaw("restore", backups.toString());
        assertThat(noHome.code()).isEqualTo(2);
        assertThat(noHome.err()).contains("--home NEWHOME");
        CliRunner.Result nothing = CliRunner.runRaw("restore", tmp.resolve("nope").toString(), "--home", tmp.resolve("h3").toString());
        assertThat(nothing.code()).isEqualTo(3);
        assertThat(nothing.err()).contains("no such backup folder");
    }
}
