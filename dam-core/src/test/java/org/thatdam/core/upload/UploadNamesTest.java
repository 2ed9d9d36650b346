package org.thatdam.core.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UploadNamesTest {

    @Test
    void pathsControlCharactersAndDirectionMarksAreStripped() {
        assertThat(UploadNames.fileName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(UploadNames.fileName("C:\\Users\\me\\clip.mp4")).isEqualTo("clip.mp4");
        assertThat(UploadNames.fileName("a\u202Egnp.exe")).isEqualTo("agnp.exe");
        assertThat(UploadNames.fileName("tab\there\u0000.mov")).isEqualTo("tabhere.mov");
        assertThat(UploadNames.fileName("\u2066x\u2069.mp4")).isEqualTo("x.mp4");
        assertThat(UploadNames.fileName("one\u2028two\u2029three.mp4")).as("line and paragraph separators").isEqualTo("onetwothree.mp4");
        assertThat(UploadNames.fileName("a\u200Bb\u00ADc\uFEFF.mov")).as("zero-width space, soft hyphen, BOM").isEqualTo("abc.mov");
        assertThat(UploadNames.fileName("\uD83D\uDC68\u200D\uD83D\uDC69.mp4")).as("an emoji sequence keeps its joiner")
                .isEqualTo("\uD83D\uDC68\u200D\uD83D\uDC69.mp4");
        assertThat(UploadNames.folders("trip\u2028/clip.mp4")).containsExactly("trip");
    }

    @Test
    void hiddenTrailingAndReservedNamesAreMadeHarmless() {
        assertThat(UploadNames.fileName("..")).isEqualTo("upload");
        assertThat(UploadNames.fileName(" .bashrc")).isEqualTo("bashrc");
        assertThat(UploadNames.fileName("clip.mp4. . ")).isEqualTo("clip.mp4");
        assertThat(UploadNames.fileName("nul")).isEqualTo("_nul");
        assertThat(UploadNames.fileName("Com9.txt")).isEqualTo("_Com9.txt");
        assertThat(UploadNames.fileName("console.mp4")).isEqualTo("console.mp4");
        assertThat(UploadNames.fileName("")).isEqualTo("upload");
        assertThat(UploadNames.fileName(null)).isEqualTo("upload");
    }

    @Test
    void longNamesKeepTheirExtensionWithin255Bytes() {
        String name = UploadNames.fileName("ü".repeat(300) + ".mp4");
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(name).endsWith(".mp4").startsWith("üü");
        String numbered = UploadNames.numbered(name, 12);
        assertThat(numbered.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(numbered).endsWith(" (12).mp4");
    }

    @Test
    void collisionsAreNumbered() {
        assertThat(UploadNames.numbered("clip.mp4", 1)).isEqualTo("clip.mp4");
        assertThat(UploadNames.numbered("clip.mp4", 2)).isEqualTo("clip (2).mp4");
        assertThat(UploadNames.numbered("README", 3)).isEqualTo("README (3)");
    }

    @Test
    void relativePathsKeepCleanFoldersOnly() {
        assertThat(UploadNames.folders("trip/day 1/clip.mp4")).containsExactly("trip", "day 1");
        assertThat(UploadNames.folders("../../etc/./x\\..\\y/clip.mp4")).containsExactly("etc", "x", "y");
        assertThat(UploadNames.folders("clip.mp4")).isEmpty();
        assertThat(UploadNames.folders("/abs/CON/.git/clip.mp4")).containsExactly("abs", "_CON", "git");
        assertThat(UploadNames.folders("a/".repeat(40) + "f")).hasSize(UploadNames.MAX_DEPTH);
    }
}
