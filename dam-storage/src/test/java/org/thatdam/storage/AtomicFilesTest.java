package org.thatdam.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
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
    void aPrivateFileIsOwnerOnlyFromItsFirstByteAndAnOrdinaryOneFollowsTheDefaults() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path secret = dir.resolve("server.json");
        List<String> whileWriting = new ArrayList<>();
        AtomicFiles.write(secret, AtomicFiles.Readers.OWNER, out -> {
            out.write("{".getBytes());
            out.flush();
            try (var s = Files.list(dir)) {
                for (Path temp : s.toList()) whileWriting.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)));
            }
            out.write("}".getBytes());
        });
        assertThat(whileWriting).as("the temporary file, before a byte of the secret is in it").containsExactly("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(Files.readString(secret)).isEqualTo("{}");

        AtomicFiles.writePrivate(secret, "again".getBytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");

        Path plain = dir.resolve("report.json");
        AtomicFiles.write(plain, "x".getBytes());
        Path reference = Files.createFile(dir.resolve("reference"));
        assertThat(Files.getPosixFilePermissions(plain)).as("as any file made here")
                .isEqualTo(Files.getPosixFilePermissions(reference));
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
    void moveNewNeverReplacesAnExistingFileAndLeavesTheSourceThen() throws Exception {
        Path source = dir.resolve("staged.part");
        Files.writeString(source, "uploaded");
        Path taken = Files.createDirectories(dir.resolve("in")).resolve("clip.mp4");
        Files.writeString(taken, "the user's original");

        assertThatThrownBy(() -> AtomicFiles.moveNew(source, taken)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(Files.readString(taken)).isEqualTo("the user's original");
        assertThat(source).exists();

        Path fresh = dir.resolve("in/clip (2).mp4");
        AtomicFiles.moveNew(source, fresh);
        assertThat(Files.readString(fresh)).isEqualTo("uploaded");
        assertThat(source).doesNotExist();
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

    @Test
    void aUserNamedOutputReplacesOnlyARegularFileAndNeverGrowsFolders() throws Exception {
        Path file = dir.resolve("dump.json");
        AtomicFiles.writeUserFile(file, out -> out.write("one".getBytes()));
        AtomicFiles.writeUserFile(file, out -> out.write("two".getBytes()));
        assertThat(Files.readString(file)).isEqualTo("two");

        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "kept");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), victim);
        Path folder = Files.createDirectory(dir.resolve("folder"));
        for (Path refused : java.util.List.of(fifo, link, folder)) {
            assertThatThrownBy(() -> AtomicFiles.writeUserFile(refused, out -> out.write("x".getBytes())))
                    .isInstanceOfSatisfying(org.thatdam.model.DamException.class,
                            e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.INVALID))
                    .hasMessageStartingWith("cannot write " + refused + ": ")
                    .hasMessageNotContaining(".tmp-");
        }
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(victim)).isEqualTo("kept");
        assertThat(Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.isDirectory(folder)).isTrue();

        Path deep = dir.resolve("no/such/dir/x.json");
        assertThatThrownBy(() -> AtomicFiles.writeUserFile(deep, out -> out.write("x".getBytes())))
                .isInstanceOfSatisfying(org.thatdam.model.DamException.class,
                        e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND))
                .hasMessageContaining("no such folder");
        assertThat(Files.exists(dir.resolve("no"))).isFalse();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("dump.json", "folder", "link.json", "pipe", "victim.txt");
        }
    }

    @Test
    void aNewUserFileIsNeverCopiedOverAnything() throws Exception {
        Path source = Files.writeString(dir.resolve("made.mp4"), "derived");
        Path existing = Files.writeString(dir.resolve("clip.mp4"), "original");
        assertThatThrownBy(() -> AtomicFiles.copyNewUserFile(source, existing))
                .isInstanceOfSatisfying(org.thatdam.model.DamException.class,
                        e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.CONFLICT));
        assertThat(Files.readString(existing)).isEqualTo("original");
        assertThatThrownBy(() -> AtomicFiles.copyNewUserFile(source, dir.resolve("missing/clip.mp4")))
                .isInstanceOfSatisfying(org.thatdam.model.DamException.class,
                        e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));
        AtomicFiles.copyNewUserFile(source, dir.resolve("new.mp4"));
        assertThat(Files.readString(dir.resolve("new.mp4"))).isEqualTo("derived");
    }
}
