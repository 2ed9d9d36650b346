package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** dam fields and dam edit --field on a real library: definitions, values, a refused value, a definition change, the dump. */
class FieldsCliTest {

    @TempDir Path tmp;

    @Test
    void fieldsAreDefinedSetChangedAndDumped() throws Exception {
        Path media = tmp.resolve("media");
        Path clip = TestMedia.copy(TestMedia.h264Mp4(), media, "clip.mp4");
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("roots", "add", media.toString()).code()).isZero();
        assertThat(dam.run("scan").code()).isZero();

        assertThat(dam.run("fields", "create", "client", "--type", "text", "--label", "Client", "--help-text", "Who paid").code()).isZero();
        assertThat(dam.run("fields", "create", "status", "--type", "choice", "--choices", "Draft,Final", "--required").code()).isZero();
        assertThat(dam.run("fields", "create", "media", "--type", "multi-choice", "--choices", "Web,TV").code()).isZero();
        JsonNode list = dam.run("fields", "list", "--json").json();
        assertThat(list.findValuesAsText("name")).containsExactly("client", "status", "media");
        assertThat(list.get(1).path("required").asBoolean()).isTrue();

        CliRunner.Result edited = dam.run("edit", clip.toString(), "--field", "client=Acme", "--field", "status=final",
                "--field", "media=Web,TV", "--json");
        assertThat(edited.code()).as(edited.err()).isZero();
        JsonNode fields = edited.json().path("fields");
        assertThat(fields.path("client").asText()).isEqualTo("Acme");
        assertThat(fields.path("status").asText()).isEqualTo("Final");
        assertThat(fields.path("media").toString()).isEqualTo("[\"Web\",\"TV\"]");

        // bulk's spellings work on dam edit too; dam show prints tags, fields and collections
        assertThat(dam.run("edit", clip.toString(), "--add-tag", "Trip", "--add-tag", "Gone").code()).isZero();
        assertThat(dam.run("edit", clip.toString(), "--remove-tag", "Gone").code()).isZero();
        assertThat(dam.run("collections", "create", "Film").code()).isZero();
        assertThat(dam.run("collections", "add", "Film", clip.toString()).code()).isZero();
        CliRunner.Result shown = dam.run("show", clip.toString());
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("tags  Trip\n").contains("field client  Acme").contains("field status  Final")
                .contains("field media  Web, TV").contains("collections  Film").doesNotContain("Gone");

        CliRunner.Result bad = dam.run("edit", clip.toString(), "--field", "status=Later");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("field 'status' (choice): 'Later' does not fit; expected one of: Draft, Final")
                .doesNotContain("Exception");
        CliRunner.Result cleared = dam.run("edit", clip.toString(), "--field", "status=");
        assertThat(cleared.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cleared.err()).contains("field 'status' is required: it cannot be cleared");

        CliRunner.Result dry = dam.run("fields", "edit", "status", "--choices", "Draft,Approved", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("field status (dry run): 0 kept, 0 converted, 1 would be dropped")
                .contains("'Final' does not fit");
        assertThat(dam.run("edit", clip.toString(), "--field", "status=Final").code()).as("a dry run changes nothing").isZero();

        JsonNode rows = dam.run("dump").json();
        assertThat(rows.get(0).path("fields").path("client").asText()).isEqualTo("Acme");
        assertThat(rows.get(0).path("fields").path("media").toString()).isEqualTo("[\"Web\",\"TV\"]");
        assertThat(dam.run("dump", "--what", "fields", "--format", "csv").out()).contains("client,Client,text");

        CliRunner.Result deleted = dam.run("fields", "delete", "client");
        assertThat(deleted.out()).contains("field client deleted (1 value(s))");
        assertThat(dam.run("fields", "delete", "client").code()).isEqualTo(3);
    }
}
