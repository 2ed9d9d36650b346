package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** dam vocabulary (vocab): the tree, tags mapped by dam edit, restriction, re-tagging, files. */
class VocabularyCliTest {

    @TempDir Path tmp;

    @Test
    void termsTagsChangesAndFiles() throws Exception {
        Path media = tmp.resolve("footage");
        Path clip = TestMedia.copy(TestMedia.png(), media.resolve("Trip"), "tram.png");
        CliRunner.age(media);
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("scan", media.toString()).code()).isZero();

        CliRunner.Result add = dam.run("vocabulary", "add", "Places/Europe/Lisbon", "--synonym", "Lisboa", "--synonym", "Olisipo");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("added Places/Europe/Lisbon");
        assertThat(dam.run("vocab", "add", "Places/Europe/Porto").code()).isZero();
        assertThat(dam.run("vocab", "list").out())
                .contains("Places\n  Europe\n    Lisbon  (Lisboa, Olisipo)\n    Porto\n").contains("tags only from the vocabulary: off");
        assertThat(dam.run("vocab", "list", "Europe", "--json").json()).hasSize(3);

        CliRunner.Result edit = dam.run("edit", clip.toString(), "--tag", "lisboa");
        assertThat(edit.code()).as(edit.err()).isZero();
        assertThat(dam.run("show", clip.toString(), "--json").json().path("tags").toString()).isEqualTo("[\"Places/Europe/Lisbon\"]");
        assertThat(dam.run("search", "tag:Places/Europe").out()).contains("tram");

        assertThat(dam.run("vocab", "settings", "--restricted", "on").out()).contains("on");
        CliRunner.Result refused = dam.run("edit", clip.toString(), "--tag", "Prto");
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("tag 'Prto' is not in the vocabulary (did you mean Places/Europe/Porto?)");
        assertThat(dam.run("vocab", "settings", "--restricted", "maybe").code()).isEqualTo(ExitCodes.USAGE);

        CliRunner.Result renamed = dam.run("vocab", "rename", "Places/Europe", "Europa");
        assertThat(renamed.out()).contains("renamed to Places/Europa (Europe stays a synonym); 1 asset(s) re-tagged");
        CliRunner.Result merged = dam.run("vocab", "merge", "Lisbon", "Porto", "--json");
        assertThat(merged.json().path("assetsChanged").asInt()).isEqualTo(1);
        assertThat(dam.run("show", clip.toString(), "--json").json().path("tags").toString()).isEqualTo("[\"Places/Europa/Porto\"]");
        assertThat(dam.run("vocab", "move", "Porto", "--top").out()).contains("moved to Porto");
        assertThat(dam.run("vocab", "move", "Porto").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(dam.run("vocab", "rename", "Nowhere", "X").code()).isEqualTo(3);

        Path csv = tmp.resolve("vocab.csv");
        assertThat(dam.run("vocab", "export", "--out", csv.toString()).code()).isZero();
        assertThat(Files.readString(csv)).contains("Porto,Lisboa|Lisbon|Olisipo,\r\n");
        Path json = tmp.resolve("more.json");
        Files.writeString(json, "{\"concepts\":[{\"prefLabel\":\"Beach\",\"broader\":\"Subjects\",\"altLabel\":[\"Seaside\"]}]}");
        CliRunner.Result dry = dam.run("vocab", "import", json.toString());
        assertThat(dry.out()).contains("would add Subjects/Beach").contains("dry run: 1 term(s) read, 2 added");
        assertThat(dam.run("vocab", "list").out()).doesNotContain("Beach");
        assertThat(dam.run("vocab", "import", json.toString(), "--apply").out()).contains("imported");
        assertThat(dam.run("vocab", "list").out()).contains("Subjects\n  Beach  (Seaside)");
        Path notes = tmp.resolve("notes.csv");
        Files.writeString(notes, "path,notes\nSubjects/Dunes,sandy\n");
        CliRunner.Result extra = dam.run("vocab", "import", notes.toString());
        assertThat(extra.code()).as(extra.err()).isZero();
        assertThat(extra.out()).contains("would add Subjects/Dunes")
                .contains("line 1: column 'notes' ignored (allowed columns: path,synonyms,description)");
        Files.writeString(json, "{\"concepts\":[{\"prefLabel\":\"a/b|c\"}]}");
        CliRunner.Result bad = dam.run("vocab", "import", json.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("concept 1").doesNotContain("Exception");

        assertThat(dam.run("dump", "--what", "vocabulary").json().get(0).path("path").asText()).isEqualTo("Places");
        assertThat(dam.run("dump", "--what", "vocabulary", "--format", "csv").out())
                .startsWith("id,path,label,parent,synonyms,description,depth,children\n").contains(",Porto,Porto,,Lisboa|Lisbon|Olisipo,");

        assertThat(dam.run("vocab", "delete", "Subjects").out()).contains("deleted");
    }
}
