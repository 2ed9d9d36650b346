package org.thatdam.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickHashTest {

    @TempDir Path dir;

    private Path file(String name, int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void sameContentSameHashAnywhere() throws Exception {
        Path a = file("a.bin", 1_000_000, 1);
        Path b = Files.copy(a, dir.resolve("b.bin"));
        assertThat(QuickHash.of(a)).isEqualTo(QuickHash.of(b)).hasSize(16);
        assertThat(QuickHash.full(a)).isEqualTo(QuickHash.full(b));
    }

    @Test
    void theFullHashReportsHowMuchOfTheFileItHasRead() throws Exception {
        Path a = file("big.bin", 3_500_000, 4);
        java.util.List<Double> seen = new java.util.ArrayList<>();
        assertThat(QuickHash.full(a, seen::add)).isEqualTo(QuickHash.full(a));
        // One report per MiB read, in proportion to the bytes: 1 MiB of 3.5 MB is 0.3, the end is 1.
        assertThat(seen).hasSize(4).isSorted().last().isEqualTo(1.0);
        assertThat(seen.get(0)).isCloseTo((1 << 20) / 3_500_000.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void changesInHeadMiddleTailOrSizeChangeTheHash() throws Exception {
        int size = 1_000_000;
        Path base = file("base.bin", size, 2);
        String h = QuickHash.of(base);
        for (long pos : new long[] {0, size / 2, size - 1}) {
            Path c = Files.copy(base, dir.resolve("c" + pos), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (RandomAccessFile raf = new RandomAccessFile(c.toFile(), "rw")) {
                raf.seek(pos);
                int old = raf.read();
                raf.seek(pos);
                raf.write(old ^ 0xff);
            }
            assertThat(QuickHash.of(c)).as("flip at %d", pos).isNotEqualTo(h);
        }
        Path longer = Files.copy(base, dir.resolve("longer"));
        Files.write(longer, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(QuickHash.of(longer)).isNotEqualTo(h);
    }

    @Test
    void fullHashSeesAChangeTheQuickHashSkips() throws Exception {
        int size = 1_000_000;
        Path base = file("base.bin", size, 3);
        Path c = Files.copy(base, dir.resolve("c"));
        try (RandomAccessFile raf = new RandomAccessFile(c.toFile(), "rw")) {
            raf.seek(200_000); // between the sampled chunks
            raf.write(raf.read() ^ 1);
        }
        assertThat(QuickHash.of(c)).isEqualTo(QuickHash.of(base));
        assertThat(QuickHash.full(c)).isNotEqualTo(QuickHash.full(base));
    }

    @Test
    void smallAndEmptyFiles() throws Exception {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path tiny = file("tiny", 10, 4);
        assertThat(QuickHash.of(empty)).isNotEqualTo(QuickHash.of(tiny));
        assertThat(QuickHash.of(tiny)).isEqualTo(QuickHash.of(tiny));
    }
}
