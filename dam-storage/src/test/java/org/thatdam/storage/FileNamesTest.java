package org.thatdam.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNamesTest {

    @TempDir Path tmp;

    /** A file whose name holds exactly these bytes, made through a file: URI (no locale involved). */
    static Path rawFile(Path dir, byte[] name, byte[] content) throws Exception {
        StringBuilder uri = new StringBuilder(dir.toAbsolutePath().toUri().toString());
        if (uri.charAt(uri.length() - 1) != '/') uri.append('/');
        for (byte b : name) uri.append('%').append(String.format("%02X", b & 0xFF));
        Path p = Path.of(URI.create(uri.toString()));
        Files.write(p, content);
        return p;
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void validNamesKeepTheirText() {
        for (String s : List.of("/a/b.mp4", "/Footage/café_ü.mp4", "/日本/動画.mov", "rel/x y.mp4", "%E9.mp4")) {
            assertThat(FileNames.escape(s.getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
            assertThat(FileNames.unescape(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void invalidBytesAreEscapedReversibly() {
        byte[] raw = latin1("/old/caf\u00e9 d\u00e9j\u00e0.mp4");
        String text = FileNames.escape(raw);
        assertThat(text).isEqualTo("/old/caf\uFFFDE9 d\uFFFDE9j\uFFFDE0.mp4");
        assertThat(FileNames.unescape(text)).isEqualTo(raw);
        assertThat(FileNames.display(text)).isEqualTo("/old/caf\uFFFD d\uFFFDj\uFFFD.mp4");
    }

    @Test
    void aLiteralReplacementCharacterIsEscapedSoItCannotBeMistakenForAMark() {
        byte[] raw = "/x/\uFFFDE9.mp4".getBytes(StandardCharsets.UTF_8);
        String text = FileNames.escape(raw);
        assertThat(text).isEqualTo("/x/\uFFFDEF\uFFFDBF\uFFFDBDE9.mp4");
        assertThat(FileNames.unescape(text)).isEqualTo(raw);
        // A truncated multi-byte sequence next to valid text
        byte[] cut = {'/', 'a', (byte) 0xC3, 'b', (byte) 0xE2, (byte) 0x82};
        assertThat(FileNames.unescape(FileNames.escape(cut))).isEqualTo(cut);
    }

    @Test
    void aListedFileWithInvalidBytesIsCataloguedByTextAndOpenedAgain() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        rawFile(dir, latin1("caf\u00e9.mp4"), new byte[] {1, 2, 3});
        rawFile(dir, latin1("caf\u00e8.mp4"), new byte[] {4, 5});
        Files.write(dir.resolve("café_ü.mp4"), new byte[] {6});
        List<Path> listed;
        try (Stream<Path> s = Files.list(dir)) {
            listed = s.sorted().toList();
        }
        assertThat(listed).hasSize(3);
        List<String> texts = listed.stream().map(FileNames::text).toList();
        assertThat(texts).containsExactlyInAnyOrder(dir + "/caf\uFFFDE9.mp4", dir + "/caf\uFFFDE8.mp4",
                dir + "/café_ü.mp4");
        for (Path p : listed) {
            Path back = FileNames.path(FileNames.text(p));
            assertThat(back).isEqualTo(p);
            assertThat(Files.size(back)).isEqualTo(Files.size(p));
            assertThat(FileNames.rawBytes(back)).isEqualTo(FileNames.rawBytes(p));
        }
        Path latin = FileNames.path(dir + "/caf\uFFFDE9.mp4");
        assertThat(Files.readAllBytes(latin)).containsExactly(1, 2, 3);
        assertThat(FileNames.faithful(latin)).isFalse();
        assertThat(FileNames.faithful(dir.resolve("plain.mp4"))).isTrue();
        assertThat(FileNames.displayName(latin)).isEqualTo("caf\uFFFD.mp4");
        // The text form of a folder is a prefix of its files' (scans look files up by folder).
        assertThat(FileNames.text(latin)).startsWith(FileNames.text(dir) + "/");
    }

    @Test
    void aFolderWithInvalidBytesHoldsFilesThatOpen() throws Exception {
        Path bad = tmp.resolve("x");
        Files.createDirectories(bad);
        Path folder = FileNames.path(FileNames.text(tmp) + "/\uFFFDC9t\uFFFDE9");
        Files.createDirectories(folder);
        Files.write(folder.resolve("clip.mp4"), new byte[] {9});
        String text = FileNames.text(folder.resolve("clip.mp4"));
        assertThat(text).isEqualTo(tmp + "/\uFFFDC9t\uFFFDE9/clip.mp4");
        assertThat(Files.readAllBytes(FileNames.path(text))).containsExactly(9);
        assertThat(FileNames.displayName(folder)).isEqualTo("\uFFFDt\uFFFD");
    }
}
