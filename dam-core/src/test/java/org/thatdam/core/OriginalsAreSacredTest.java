package org.thatdam.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.age;
import static org.thatdam.core.testing.DamTesting.all;
import static org.thatdam.core.testing.DamTesting.at;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;
import static org.thatdam.core.testing.DamTesting.scanWithBatch;
import static org.thatdam.core.testing.DamTesting.snapshot;
import static org.thatdam.core.testing.DamTesting.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetStatus;
import org.thatdam.core.library.PruneReport;
import org.thatdam.model.ScanReport;
import org.thatdam.core.testing.DamTesting.FileState;
import org.thatdam.media.testing.TestMedia;

/**
 * The library only ever reads users' files: after every kind of scan and library operation the
 * originals have the same bytes and dates, and nothing new appears next to them.
 */
class OriginalsAreSacredTest {

    @TempDir
    Path tmp;

    @Test
    void noOperationChangesOrAddsAnythingNextToTheOriginals() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        Path keep = media.resolve("keep");
        TestMedia.copy(TestMedia.h264Mp4(), keep.resolve("Été 2024"), "clip ✓ 01.mp4");
        TestMedia.copy(TestMedia.mkv(), keep.resolve("a"), "-dash.mkv");
        TestMedia.copy(TestMedia.rotatedMov(), keep.resolve("a"), "phone.mov");
        TestMedia.copy(TestMedia.jpegWithExif(), keep.resolve("a"), "photo.jpg");
        TestMedia.copy(TestMedia.mp3(), keep.resolve("b"), "a|b.mp3");
        TestMedia.copy(TestMedia.aviMpeg4Ac3(), keep.resolve("b"), "old.avi");
        TestMedia.copy(TestMedia.h264Mp4(), keep.resolve("b"), "duplicate.mp4");
        TestMedia.copy(TestMedia.truncatedMp4(), keep.resolve("broken"), "truncated.mp4");
        TestMedia.copy(TestMedia.zeroBytes(), keep.resolve("broken"), "zero.mp4");
        TestMedia.copy(TestMedia.damagedAvi(), keep.resolve("broken"), "damaged.avi");
        TestMedia.copy(TestMedia.webm(), keep.resolve(".hidden"), "h.webm");
        write(keep.resolve("notes.txt"), "notes");
        Files.createSymbolicLink(keep.resolve("a/loop"), keep);
        Path readOnly = TestMedia.copy(TestMedia.wav(), keep.resolve("ro"), "locked.wav");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(readOnly.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));
        // A folder whose file the test deletes, to give prune something to do (not part of the snapshot).
        Path gone = TestMedia.copy(TestMedia.shortClip(), media.resolve("gone"), "bye.mp4");
        Files.walk(keep).filter(Files::isRegularFile).forEach(f -> age(f, Duration.ofDays(400)));

        Map<String, FileState> before = snapshot(keep);
        assertThat(before).hasSizeGreaterThan(15);

        try (Dam dam = openDam(tmp)) {
            ScanReport first = scan(dam, media);
            assertThat(first.added()).isEqualTo(8); // 7 distinct good contents in keep/ + bye.mp4
            assertThat(first.updated()).isEqualTo(1); // duplicate.mp4: a second location of the h264 clip
            assertThat(first.failed()).isEqualTo(3);
            assertThat(scan(dam, media).unchanged()).isEqualTo(first.scanned());
            scanWithBatch(dam, "Other", keep);

            dam.roots().addRoot(keep, Actor.commandLine());
            dam.batches().assignBatch(keep.resolve("a"), "A", Actor.commandLine());
            dam.batches().renameBatch("A", "Alpha", Actor.commandLine());
            dam.batches().deleteBatch("Alpha", Actor.commandLine());
            dam.roots().removeRoot(keep, Actor.commandLine());

            Files.delete(gone);
            PruneReport dry = dam.roots().prune(true, false, Actor.commandLine());
            assertThat(dry.missingLocations()).isEqualTo(1);
            PruneReport prune = dam.roots().prune(false, false, Actor.commandLine());
            assertThat(prune.missingAssets()).isEqualTo(1);
            PruneReport purge = dam.roots().prune(false, true, Actor.commandLine());
            assertThat(purge.purgedAssets()).isEqualTo(1);

            // Two more scans at once, then a last one.
            CompletableFuture<ScanReport> one = CompletableFuture.supplyAsync(() -> scan(dam, keep));
            CompletableFuture<ScanReport> two = CompletableFuture.supplyAsync(() -> scan(dam, keep));
            assertThat(List.of(one.get(), two.get())).allSatisfy(r -> assertThat(r.added()).isZero());
            dam.scanner().scan(List.of(keep.resolve("a/phone.mov")), dam.scanOptions(Optional.empty(), 1));
            assertThat(at(dam, readOnly).asset().status()).isEqualTo(AssetStatus.OK);
            assertThat(all(dam)).hasSize(10); // 7 good + 3 failed; bye.mp4 purged
            dam.assets().stats();
        }

        Map<String, FileState> after = snapshot(keep);
        assertThat(after.keySet()).as("no file added or removed").isEqualTo(before.keySet());
        assertThat(after).as("bytes, sizes, dates and links unchanged").isEqualTo(before);
        assertThat(Files.getPosixFilePermissions(readOnly)).isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
        // Nothing new next to the deleted file either; the library's data stayed in its home.
        try (var s = Files.list(media.resolve("gone"))) {
            assertThat(s).isEmpty();
        }
        try (var s = Files.list(media)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("keep", "gone");
        }
        assertThat(tmp.resolve("home/catalog.db")).exists();
        Files.setPosixFilePermissions(readOnly.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
