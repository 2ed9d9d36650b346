package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.Exiftool;
import org.thatdam.media.testing.TestMedia;

class XmpCliTest {

    @TempDir Path tmp;

    @Test
    void showsAndWritesSidecars() throws Exception {
        Path media = tmp.resolve("media");
        Path clip = TestMedia.copy(TestMedia.shortClip(), media, "clip.mp4");
        Path tone = TestMedia.copy(TestMedia.wav(), media, "tone.wav");
        Exiftool.run("-o", media.resolve("clip.xmp").toString(), "-XMP-dc:Title=From Bridge", "-XMP-xmpDM:LogComment=slate ok");
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("roots", "add", media.toString()).code()).isZero();
        assertThat(dam.run("scan").code()).isZero();

        JsonNode x = dam.run("xmp", clip.toString(), "--json").json();
        assertThat(x.path("source").asText()).isEqualTo("sidecar");
        assertThat(x.path("sidecar").asText()).isEqualTo(media.resolve("clip.xmp").toString());
        assertThat(x.path("logComment").asText()).isEqualTo("slate ok");
        assertThat(x.path("writeBack").asBoolean()).isFalse();
        assertThat(dam.run("xmp", tone.toString()).out()).contains("source      none").contains("tone.xmp");

        // write-back is off: an edit leaves the sidecar alone until asked
        assertThat(dam.run("edit", clip.toString(), "--title", "Ours", "--rating", "3").code()).isZero();
        assertThat(Exiftool.run("-s3", "-XMP-dc:Title", media.resolve("clip.xmp").toString()).strip()).isEqualTo("From Bridge");
        CliRunner.Result all = dam.run("xmp", "write", "--all");
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).contains("2 sidecars written, 0 failed");
        assertThat(Exiftool.run("-s3", "-XMP-dc:Title", "-XMP-xmp:Rating", media.resolve("clip.xmp").toString()))
                .isEqualTo("Ours\n3\n");
        assertThat(media.resolve("tone.xmp")).exists();
        assertThat(dam.run("audit", "--json").json().findValuesAsText("action")).contains("xmp.write");

        assertThat(dam.run("xmp").code()).isEqualTo(ExitCodes.USAGE);
        CliRunner.Result none = dam.run("xmp", "424242");
        assertThat(none.code()).isEqualTo(3);
        assertThat(none.err()).contains("424242").doesNotContain("Exception");
    }
}
