package org.thatdam.storage.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.storage.mhl.HashFormat;
import org.thatdam.storage.mhl.MultiHasher;

class VerifiedCopierTest {

    @TempDir Path tmp;
    Path source;
    FileTime mtime = FileTime.from(Instant.parse("2024-05-06T07:08:09Z"));

    @BeforeEach
    void card() throws IOException {
        source = tmp.resolve("card/DCIM/100CANON/A001.MP4");
        Files.createDirectories(source.getParent());
        byte[] b = new byte[VerifiedCopier.BUFFER * 2 + 12345]; // several chunks, the last one short
        new Random(7).nextBytes(b);
        Files.write(source, b);
        Files.setLastModifiedTime(source, mtime);
    }

    @Test
    void oneReadTwoVerifiedCopiesWithTheSourcesTimeAndHashes() throws IOException {
        Path a = tmp.resolve("a/DCIM/100CANON/A001.MP4");
        Path b = tmp.resolve("b/DCIM/100CANON/A001.MP4");
        AtomicLong read = new AtomicLong();
        CopyResult r = new VerifiedCopier(Set.of(HashFormat.MD5, HashFormat.SHA1))
                .copy(source, List.of(a, b), read::addAndGet, () -> false);

        assertThat(read.get()).as("the source is read once for both copies").isEqualTo(Files.size(source));
        assertThat(r.good()).isTrue();
        assertThat(r.destinations()).extracting(CopyResult.Destination::outcome).containsOnly(CopyOutcome.COPIED);
        assertThat(r.destinations()).extracting(CopyResult.Destination::copies).containsOnly(1);
        assertThat(r.hashes()).isEqualTo(MultiHasher.hash(source, Set.of(HashFormat.XXH64, HashFormat.MD5, HashFormat.SHA1)));
        for (Path p : List.of(a, b)) {
            assertThat(Files.mismatch(source, p)).isEqualTo(-1);
            assertThat(Files.getLastModifiedTime(p)).isEqualTo(mtime);
            assertThat(leftovers(p.getParent())).isEmpty();
        }
        assertThat(Files.getLastModifiedTime(source)).isEqualTo(mtime);
    }

    @Test
    void aCopyDamagedOnDiskBeforeTheReadBackIsMadeAgain() throws IOException {
        Path a = tmp.resolve("a/A001.MP4");
        Path b = tmp.resolve("b/A001.MP4");
        CopyObserver flipOnceInA = (dest, attempt) -> {
            if (dest.equals(a) && attempt == 1) flipByte(dest, 1000);
        };
        CopyResult r = new VerifiedCopier(Set.of(), flipOnceInA).copy(source, List.of(a, b), n -> { }, () -> false);

        assertThat(r.good()).isTrue();
        assertThat(r.destinations().get(0).copies()).isEqualTo(2);
        assertThat(r.destinations().get(1).copies()).as("the good copy is not made again").isEqualTo(1);
        assertThat(Files.mismatch(source, a)).isEqualTo(-1);
        assertThat(Files.mismatch(source, b)).isEqualTo(-1);
    }

    @Test
    void aCopyThatStaysWrongFailsLoudlyAndIsRemoved() throws IOException {
        Path a = tmp.resolve("a/A001.MP4");
        Path b = tmp.resolve("b/A001.MP4");
        CopyObserver alwaysFlipA = (dest, attempt) -> {
            if (dest.equals(a)) flipByte(dest, Files.size(dest) - 1);
        };
        CopyResult r = new VerifiedCopier(Set.of(), alwaysFlipA).copy(source, List.of(a, b), n -> { }, () -> false);

        assertThat(r.good()).isFalse();
        CopyResult.Destination da = r.destinations().get(0);
        assertThat(da.outcome()).isEqualTo(CopyOutcome.FAILED);
        assertThat(da.copies()).isEqualTo(2);
        assertThat(da.error()).contains("read back different");
        assertThat(a).doesNotExist();
        assertThat(leftovers(a.getParent())).isEmpty();
        assertThat(r.destinations().get(1).outcome()).isEqualTo(CopyOutcome.COPIED);
        assertThat(Files.mismatch(source, b)).isEqualTo(-1);
    }

    @Test
    void anIdenticalFileAlreadyThereIsKeptAndADifferentOneIsNeverOverwritten() throws IOException {
        Path same = tmp.resolve("a/A001.MP4");
        Files.createDirectories(same.getParent());
        Files.copy(source, same);
        Object inode = Files.getAttribute(same, "unix:ino");
        Path other = tmp.resolve("b/A001.MP4");
        Files.createDirectories(other.getParent());
        byte[] different = Files.readAllBytes(source);
        different[5] ^= 1;
        Files.write(other, different);

        CopyResult r = new VerifiedCopier(Set.of()).copy(source, List.of(same, other), n -> { }, () -> false);

        assertThat(r.destinations().get(0).outcome()).isEqualTo(CopyOutcome.ALREADY_PRESENT);
        assertThat(r.destinations().get(0).copies()).isZero();
        assertThat(Files.getAttribute(same, "unix:ino")).isEqualTo(inode);
        assertThat(r.destinations().get(1).outcome()).isEqualTo(CopyOutcome.FAILED);
        assertThat(r.destinations().get(1).error()).contains("different file is already there");
        assertThat(Files.readAllBytes(other)).isEqualTo(different);
    }

    @Test
    void leftoversOfAKilledCopyAreRemovedAndCancelLeavesNothing() throws IOException {
        Path a = tmp.resolve("a/A001.MP4");
        Files.createDirectories(a.getParent());
        Path leftover = a.getParent().resolve(".A001.tmp-abc123-1.MP4");
        Files.write(leftover, new byte[10]);
        Path usersOwn = a.getParent().resolve(".A001.tmp-notes.txt");
        Files.write(usersOwn, new byte[3]);

        assertThatThrownBy(() -> new VerifiedCopier(Set.of()).copy(source, List.of(a), n -> { }, () -> true))
                .isInstanceOf(CancellationException.class);
        assertThat(a).doesNotExist();
        assertThat(leftover).doesNotExist();
        assertThat(usersOwn).exists();
        assertThat(leftovers(a.getParent())).containsExactly(usersOwn);
    }

    @Test
    void oneCopierKeepsEveryFileApartAcrossSizesAndACancelledCopy() throws IOException {
        // The copier reuses its buffers from file to file: no byte of one file may end up in another.
        VerifiedCopier copier = new VerifiedCopier(Set.of(HashFormat.MD5));
        int[] sizes = {VerifiedCopier.BUFFER * 3 + 1, 0, VerifiedCopier.BUFFER, 10, VerifiedCopier.BUFFER - 1};
        for (int i = 0; i < sizes.length; i++) {
            Path in = tmp.resolve("card/C%04d.MXF".formatted(i));
            byte[] b = new byte[sizes[i]];
            new Random(100 + i).nextBytes(b);
            Files.write(in, b);
            if (i == 2) {
                AtomicLong checks = new AtomicLong();
                Path cancelled = tmp.resolve("a/cancelled.MXF");
                assertThatThrownBy(() -> copier.copy(source, List.of(cancelled), n -> { }, () -> checks.incrementAndGet() > 1))
                        .isInstanceOf(CancellationException.class);
                assertThat(cancelled).doesNotExist();
            }
            Path a = tmp.resolve("a").resolve(in.getFileName());
            Path b2 = tmp.resolve("b").resolve(in.getFileName());
            CopyResult r = copier.copy(in, List.of(a, b2), n -> { }, () -> false);
            assertThat(r.good()).as("file %d", i).isTrue();
            assertThat(r.hashes()).isEqualTo(MultiHasher.hash(in, Set.of(HashFormat.XXH64, HashFormat.MD5)));
            assertThat(Files.mismatch(in, a)).isEqualTo(-1);
            assertThat(Files.mismatch(in, b2)).isEqualTo(-1);
        }
        assertThat(leftovers(tmp.resolve("a"))).isEmpty();
    }

    @Test
    void anUnreadableSourceFailsEveryDestination() {
        CopyResult r = new VerifiedCopier(Set.of()).copy(tmp.resolve("card/nope.MP4"), List.of(tmp.resolve("a/nope.MP4")),
                n -> { }, () -> false);
        assertThat(r.good()).isFalse();
        assertThat(r.destinations().get(0).error()).startsWith("cannot read the source: does not exist");
    }

    static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int v = f.read();
            f.seek(at);
            f.write(v ^ 0x01);
        }
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }
}
