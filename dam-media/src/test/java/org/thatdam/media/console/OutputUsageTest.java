package org.thatdam.media.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disk use as du counts it, on real files: tiny files cost whole blocks; sparse files count at their length. */
class OutputUsageTest {

    @TempDir Path dir;

    @Test
    void tinyFilesCostWholeBlocksLikeDuSays() throws Exception {
        Path tiny = Files.createDirectories(dir.resolve("tiny"));
        for (int i = 0; i < 200; i++) {
            Files.writeString(tiny.resolve("f" + i + ".txt"), "x".repeat(1 + i % 50));
        }
        long block = Files.getFileStore(tiny).getBlockSize();
        OutputUsage u = OutputUsage.of(tiny);
        assertThat(u.files()).isEqualTo(200);
        assertThat(u.bytes()).isEqualTo(200 * block);
        // du reads what the file system really allocated (st_blocks): the same, file by file
        assertThat(u.bytes()).isEqualTo(filesOnly(tiny));
        long apparent = 0;
        for (int i = 0; i < 200; i++) apparent += 1 + i % 50;
        assertThat(u.bytes()).isGreaterThan(apparent * 10);
    }

    @Test
    void aSparseFileCountsAtItsLengthAndFoldersAreWalked() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("a/b"));
        try (RandomAccessFile f = new RandomAccessFile(sub.resolve("sparse.bin").toFile(), "rw")) {
            f.setLength(10L * 1024 * 1024); // no block written
        }
        Files.write(dir.resolve("empty.bin"), new byte[0]);
        long block = Files.getFileStore(dir).getBlockSize();
        OutputUsage u = OutputUsage.of(dir);
        assertThat(u.files()).isEqualTo(2);
        assertThat(u.bytes()).isEqualTo(10L * 1024 * 1024); // an upper bound of what it takes; 0 for the empty file
        assertThat(OutputUsage.allocated(1, block)).isEqualTo(block);
        assertThat(OutputUsage.allocated(block + 1, block)).isEqualTo(2 * block);
        assertThat(OutputUsage.of(dir.resolve("missing"))).isEqualTo(new OutputUsage(0, 0));
    }

    /** du's count of the regular files alone, summed from du of each file. */
    private static long filesOnly(Path folder) throws Exception {
        long sum = 0;
        try (var s = Files.list(folder)) {
            for (Path p : s.toList()) sum += du(p);
        }
        return sum;
    }

    private static long du(Path p) throws Exception {
        Process pr = new ProcessBuilder("du", "-s", "--block-size=1", p.toString()).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pr.waitFor()).as(out).isZero();
        return Long.parseLong(out.split("\\s+")[0]);
    }
}
