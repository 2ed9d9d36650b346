package org.thatdam.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathGuardTest {

    @TempDir Path tmp;

    @Test
    void rejectsNulEmptyAndOverlongInput() {
        assertThatThrownBy(() -> PathGuard.parseUserPath("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> PathGuard.parseUserPath("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> PathGuard.parseUserPath(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> PathGuard.parseUserPath("x".repeat(5000))).hasMessageContaining("4096");
        assertThat(PathGuard.parseUserPath("clips/a.mp4")).isEqualTo(Path.of("clips/a.mp4"));
    }

    @Test
    void traversalAndSymlinksCannotEscapeARoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "x");
        Files.writeString(root.resolve("ok.txt"), "x");
        Files.createSymbolicLink(root.resolve("link"), outside);

        assertThat(PathGuard.isInside(root, root.resolve("ok.txt"))).isTrue();
        assertThat(PathGuard.isInside(root, root.resolve("../outside/secret.txt"))).isFalse();
        assertThat(PathGuard.isInside(root, root.resolve("link/secret.txt"))).isFalse();
        assertThat(PathGuard.wouldBeInside(root, root.resolve("new/deeper/file.mp4"))).isTrue();
        assertThat(PathGuard.wouldBeInside(root, root.resolve("link/new.mp4"))).isFalse();
        assertThat(PathGuard.wouldBeInside(root, root.resolve("../../etc/passwd"))).isFalse();
    }

    @Test
    void inodeIsReadFromTheFileKey() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        FileStamp s = FileStamp.of(f);
        assertThat(s.sizeBytes()).isEqualTo(1);
        assertThat(s.inode()).isNotNull().isPositive();
        assertThat(s.sameAs(1, s.mtimeMillis(), s.inode())).isTrue();
        assertThat(s.sameAs(1, s.mtimeMillis(), s.inode() + 1)).isFalse();
        assertThat(s.sameAs(1, s.mtimeMillis(), null)).isTrue();
        assertThat(FileStamp.inodeOf("(dev=803,ino=12345)")).isEqualTo(12345L);
        assertThat(FileStamp.inodeOf(null)).isNull();
    }

    @Test
    void derivativeDirectoriesAreShardedAndStable() {
        DataLayout l = new DataLayout(tmp);
        Path a = l.derivativeDir(42);
        assertThat(a).isEqualTo(l.derivativeDir(42));
        assertThat(tmp.resolve("derivatives").relativize(a).getNameCount()).isEqualTo(3);
        assertThat(a.getFileName().toString()).isEqualTo("42");
        assertThat(l.derivativeDir(43).getParent()).isNotEqualTo(a.getParent());
    }
}
