package org.thatdam.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir Path dir;

    @Test
    void writesAndReplacesWithoutLeavingTemporaryFiles() throws Exception {
        Path target = dir.resolve("sub/out.json");
        AtomicFiles.write(target, "one".getBytes());
        AtomicFiles.write(target, "two".getBytes());
        assertThat(Files.readString(target)).isEqualTo("two");
        try (var s = Files.list(target.getParent())) {
            assertThat(s.toList()).containsExactly(target);
        }
    }

    @Test
    void copyNewNeverReplacesAnExistingFile() throws Exception {
        Path source = dir.resolve("made.mp4");
        Files.writeString(source, "derived");
        Path original = dir.resolve("out/clip.mp4");
        Files.createDirectories(original.getParent());
        Files.writeString(original, "the user's original");

        assertThatThrownBy(() -> AtomicFiles.copyNew(source, original))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class).hasMessageContaining("refusing to overwrite");
        assertThat(Files.readString(original)).isEqualTo("the user's original");

        Path fresh = dir.resolve("out/new.mp4");
        AtomicFiles.copyNew(source, fresh);
        assertThat(Files.readString(fresh)).isEqualTo("derived");
        try (var s = Files.list(original.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("clip.mp4", "new.mp4");
        }
    }

    @Test
    void aFailingWriterLeavesTheOldContentAndNoDebris() throws Exception {
        Path target = dir.resolve("keep.txt");
        AtomicFiles.write(target, "original".getBytes());
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("original");
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(target);
        }
    }

    @Test
    void tempSiblingKeepsTheExtensionAndCommitPublishes() throws Exception {
        Path target = dir.resolve("poster.jpg");
        Path tmp = AtomicFiles.tempSibling(target);
        assertThat(tmp.getParent()).isEqualTo(dir);
        assertThat(tmp.getFileName().toString()).startsWith(".poster.tmp-").endsWith(".jpg");
        Files.writeString(tmp, "jpeg");
        AtomicFiles.commit(tmp, target);
        assertThat(Files.exists(tmp)).isFalse();
        assertThat(Files.readString(target)).isEqualTo("jpeg");
    }

    @Test
    void leftoversOfAKilledWriterAreRemovedOnlyForTheirTarget() throws Exception {
        Path proxyTmp = AtomicFiles.tempSibling(dir.resolve("proxy.mp4"));
        Path posterTmp = AtomicFiles.tempSibling(dir.resolve("poster.jpg"));
        Files.writeString(proxyTmp, "half an encode");
        Files.writeString(posterTmp, "in progress");
        assertThat(AtomicFiles.removeLeftovers(dir, "proxy")).isEqualTo(1);
        assertThat(Files.exists(proxyTmp)).isFalse();
        assertThat(Files.exists(posterTmp)).isTrue();
        assertThat(AtomicFiles.removeLeftovers(dir.resolve("absent"), "proxy")).isZero();
        Path sheet = Files.writeString(AtomicFiles.tempSibling(dir.resolve("sprite-3.jpg")), "x");
        Path vtt = Files.writeString(AtomicFiles.tempSibling(dir.resolve("sprite.vtt")), "x");
        assertThat(AtomicFiles.removeLeftovers(dir, "sprite")).isEqualTo(2);
        assertThat(Files.exists(sheet) || Files.exists(vtt)).isFalse();
    }
}
