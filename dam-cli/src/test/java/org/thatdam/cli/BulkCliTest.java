package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** {@code dam bulk}: one action on ids or a query, its summary (text and --json), and its errors. */
class BulkCliTest {

    @TempDir Path tmp;

    @Test
    void bulkActionsFromTheCommandLine() {
        Path media = tmp.resolve("media");
        Path clip = TestMedia.copy(TestMedia.h264Mp4(), media.resolve("shoot"), "clip.mp4");
        Path tone = TestMedia.copy(TestMedia.mp3(), media.resolve("shoot"), "tone.mp3");
        CliRunner.age(media);
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("scan", media.toString()).code()).isZero();
        long clipId = dam.run("show", clip.toString(), "--json").json().path("id").asLong();
        long toneId = dam.run("show", tone.toString(), "--json").json().path("id").asLong();

        CliRunner.Result tagged = dam.run("bulk", "--ids", clipId + "," + toneId + ",999", "--add-tag", "Trip", "Lisbon");
        assertThat(tagged.code()).as(tagged.err()).isEqualTo(1);   // one asset failed
        assertThat(tagged.out()).contains("2 tagged, 1 failed: asset 999: no asset with id 999")
                .contains("FAILED   asset 999: no asset with id 999");
        assertThat(dam.run("show", tone.toString(), "--json").json().path("tags").toString()).contains("Trip").contains("Lisbon");
        // dam edit's spellings work here too
        assertThat(dam.run("bulk", "--ids", String.valueOf(toneId), "--tag", "Extra").code()).isZero();
        assertThat(dam.run("bulk", "--ids", String.valueOf(toneId), "--untag", "Lisbon").code()).isZero();
        assertThat(dam.run("show", tone.toString(), "--json").json().path("tags").toString()).contains("Extra").doesNotContain("Lisbon");

        JsonNode rated = dam.run("bulk", "--query", "kind:audio", "--rating", "4", "--json").json();
        assertThat(rated.path("job").path("state").asText()).isEqualTo("done");
        assertThat(rated.path("summary").path("selected").asInt()).isEqualTo(1);
        assertThat(rated.path("summary").path("done").asInt()).isEqualTo(1);
        assertThat(dam.run("show", tone.toString(), "--json").json().path("rating").asInt()).isEqualTo(4);

        CliRunner.Result none = dam.run("bulk", "--ids", String.valueOf(clipId));
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("give exactly one action");
        CliRunner.Result two = dam.run("bulk", "--ids", String.valueOf(clipId), "--rating", "1", "--label", "red");
        assertThat(two.code()).isEqualTo(2);
        assertThat(two.err()).contains("not 2");
        CliRunner.Result unconfirmed = dam.run("bulk", "--ids", String.valueOf(clipId), "--forget");
        assertThat(unconfirmed.code()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("add --yes");
        assertThat(dam.run("bulk", "--ids", "1", "--query", "x", "--forget", "--yes").code()).isEqualTo(2);

        CliRunner.Result forgot = dam.run("bulk", "--ids", String.valueOf(clipId), "--forget", "--yes");
        assertThat(forgot.code()).as(forgot.err()).isZero();
        assertThat(forgot.out()).contains("1 forgotten");
        assertThat(dam.run("show", String.valueOf(clipId)).code()).isEqualTo(3);
        assertThat(clip).exists();
    }
}
