package org.thatdam.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.all;
import static org.thatdam.core.testing.DamTesting.assertCode;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.core.testing.TestClock;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.model.ScanReport;
import org.thatdam.search.SearchRequest;
import org.thatdam.storage.mhl.HashAction;
import org.thatdam.storage.mhl.HashFormat;
import org.thatdam.storage.mhl.MhlCreator;
import org.thatdam.storage.mhl.MhlFile;
import org.thatdam.storage.mhl.MhlHash;
import org.thatdam.storage.mhl.MhlHistory;
import org.thatdam.storage.mhl.MhlProcess;
import org.thatdam.storage.mhl.MhlVerifier;
import org.thatdam.storage.mhl.MultiHasher;
import org.thatdam.storage.mhl.VerifyReport;

/** Backups and restores of a real library (SQLite, ffmpeg-made posters, ASC MHL), without a server. */
class BackupServiceTest {

    @TempDir Path tmp;
    final List<Dam> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Dam::close);
    }

    private Dam open(Dam dam) {
        opened.add(dam);
        return dam;
    }

    /** {@code n} distinct images (the same frame with different trailing bytes) in {@code dir}. */
    private static void images(Path dir, int from, int n) throws IOException {
        for (int i = from; i < from + n; i++) {
            Path f = TestMedia.copy(TestMedia.png(), dir, "frame-" + i + ".png");
            Files.write(f, ("#" + i).getBytes(), StandardOpenOption.APPEND);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static BackupReport backup(Dam dam, Path to, boolean derivatives) {
        return dam.backups().backup(new BackupRequest(to.toString(), derivatives, false, null), f -> {}, () -> false);
    }

    @Test
    void aSnapshotTakenWhileAScanWritesIsWholeAndConsistent() throws Exception {
        Dam dam = open(openDam(tmp));
        Path media = tmp.resolve("media");
        images(media, 0, 24);
        // The fifth catalogued asset holds its scan thread until the snapshot is taken, so the scan is
        // surely still running (the other thread goes on writing) however fast this machine is.
        CountDownLatch midway = new CountDownLatch(1);
        CountDownLatch snapshotTaken = new CountDownLatch(1);
        AtomicInteger ingested = new AtomicInteger();
        BackupReport r;
        boolean scanStillRunning;
        ScanReport scanned;
        try (AutoCloseable hold = dam.events().subscribe(e -> {
            if (e instanceof DamEvent.AssetIngested && ingested.incrementAndGet() == 5) {
                midway.countDown();
                awaitQuietly(snapshotTaken);
            }
        })) {
            CompletableFuture<ScanReport> scanning = CompletableFuture.supplyAsync(() -> scan(dam, media));
            assertThat(midway.await(60, TimeUnit.SECONDS)).as("the scan catalogued five assets").isTrue();
            try {
                r = backup(dam, tmp.resolve("backups"), false);
                scanStillRunning = !scanning.isDone();
            } finally {
                snapshotTaken.countDown();
            }
            scanned = scanning.get();
        }

        assertThat(scanStillRunning).as("the snapshot was taken while the scan wrote").isTrue();
        Path db = Path.of(r.path()).resolve("catalog.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
                assertThat(rs.next()).as("no row points at a missing one").isFalse();
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM asset")) {
                assertThat(rs.getLong(1)).isEqualTo(r.assets());
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM asset a WHERE a.current_version_id IS NOT NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM asset_version v WHERE v.id = a.current_version_id)")) {
                assertThat(rs.getLong(1)).as("every asset's version came with it").isZero();
            }
        }
        assertThat(r.assets()).isPositive().isLessThanOrEqualTo(scanned.added());
        BackupManifest m = BackupFolder.read(Path.of(r.path()).resolve("backup.json"));
        assertThat(m.assets()).isEqualTo(r.assets());
        assertThat(m.schemaVersion()).isPositive();
        assertThat(MhlVerifier.verify(Path.of(r.path()), n -> {}).ok()).isTrue();
        assertThat(Files.list(tmp.resolve("backups")).map(p -> p.getFileName().toString()))
                .as("nothing but the snapshot, its lock and no unfinished one").containsExactlyInAnyOrder(r.snapshot(), ".backup.lock");
    }

    @Test
    void derivativesAreCopiedOnlyWhenNewAndTheHashListCatchesTampering() throws Exception {
        Dam dam = open(openDam(tmp));
        Path media = tmp.resolve("media");
        images(media, 0, 3);
        scan(dam, media);
        assertThat(dam.jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
        Path to = tmp.resolve("backups");

        BackupReport first = backup(dam, to, true);
        assertThat(first.filesCopied()).as("a poster per image").isGreaterThanOrEqualTo(3);
        assertThat(first.filesSkipped()).isZero();

        BackupReport second = backup(dam, to, true);
        assertThat(second.snapshot()).isNotEqualTo(first.snapshot());
        assertThat(second.filesCopied()).as("nothing changed: nothing copied").isZero();
        assertThat(second.filesSkipped()).isEqualTo(first.filesCopied());
        assertThat(second.bytesCopied()).isZero();

        images(media, 3, 1);
        scan(dam, media);
        assertThat(dam.jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
        Asset added = DamTesting.at(dam, media.resolve("frame-3.png")).asset();
        long newFiles;
        try (var s = Files.walk(dam.layout().derivativeDir(added.id()))) {
            newFiles = s.filter(Files::isRegularFile).count();
        }
        BackupReport third = backup(dam, to, true);
        assertThat(third.filesCopied()).as("only the new asset's derivatives").isEqualTo((int) newFiles).isPositive();
        assertThat(third.filesSkipped()).isEqualTo(first.filesCopied());
        assertThat(dam.backups().list(to)).extracting(BackupInfo::name)
                .containsExactly(third.snapshot(), second.snapshot(), first.snapshot());

        Path snapshot = Path.of(third.path());
        assertThat(MhlVerifier.verify(snapshot, n -> {}).ok()).isTrue();
        Path poster;
        try (var s = Files.walk(snapshot.resolve("derivatives"))) {
            poster = s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(poster);
        bytes[bytes.length / 2] ^= 1;
        Files.write(poster, bytes);
        VerifyReport tampered = MhlVerifier.verify(snapshot, n -> {});
        assertThat(tampered.changed()).extracting(VerifyReport.Mismatch::path)
                .containsExactly(snapshot.relativize(poster).toString().replace('\\', '/'));
        assertCode(() -> BackupRestore.prepare(to, Optional.of(third.snapshot()), tmp.resolve("restored"), false, f -> {}),
                ErrorCode.INVALID, "is damaged");
        assertThat(tmp.resolve("restored")).as("nothing restored from a damaged backup").doesNotExist();
    }

    @Test
    void restoreRebuildsAWorkingLibraryInAnEmptyHomeOnly() throws Exception {
        Dam dam = open(openDam(tmp));
        Path media = tmp.resolve("media");
        images(media, 0, 3);
        scan(dam, media);
        dam.roots().addRoot(media, Actor.commandLine());
        assertThat(dam.jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
        Path to = tmp.resolve("backups");
        BackupReport r = backup(dam, to, true);

        Path busy = tmp.resolve("busy");
        DamTesting.write(busy.resolve("notes.txt"), "mine");
        assertCode(() -> BackupRestore.prepare(to, Optional.empty(), busy, false, f -> {}), ErrorCode.CONFLICT, "is not empty");
        Path other = tmp.resolve("other-library");
        open(openDam(other, "0"));
        assertCode(() -> BackupRestore.prepare(to, Optional.empty(), other, true, f -> {}), ErrorCode.CONFLICT,
                "already holds a library");
        assertCode(() -> BackupRestore.prepare(to, Optional.of("2001-01-01T000000Z"), tmp.resolve("x"), false, f -> {}),
                ErrorCode.NOT_FOUND, "no backup named");
        assertThat(DamTesting.filesOnly(DamTesting.snapshot(busy))).containsOnlyKeys("notes.txt");

        // The catalog holds password hashes: the snapshot is as private as the home, inside and out.
        Files.walkFileTree(Path.of(r.path()), new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes a) throws IOException {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as("mode of %s", d).isEqualTo("rwx------");
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) throws IOException {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as("mode of %s", f).isEqualTo("rw-------");
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });

        Path home = tmp.resolve("restored");
        BackupRestore.Prepared p = BackupRestore.prepare(to, Optional.empty(), home, false, f -> {});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        Dam restored = open(openDam(home, "0"));
        RestoreReport report = restored.backups().finishRestore(p, restored.search());
        assertThat(report.snapshot()).isEqualTo(r.snapshot());
        assertThat(report.assets()).isEqualTo(3);
        assertThat(report.indexed()).isEqualTo(3);
        assertThat(report.missingRoots()).isEmpty();
        assertThat(all(restored)).extracting(Asset::id).containsExactlyInAnyOrderElementsOf(all(dam).stream().map(Asset::id).toList());
        assertThat(restored.search().search(SearchRequest.of("frame-1")).total()).isEqualTo(1);
        for (Asset a : all(dam)) {
            assertThat(DamTesting.filesOnly(DamTesting.snapshot(restored.layout().derivativeDir(a.id()))).keySet())
                    .as("derivatives of asset %d", a.id())
                    .isEqualTo(DamTesting.filesOnly(DamTesting.snapshot(dam.layout().derivativeDir(a.id()))).keySet()).isNotEmpty();
        }
    }

    @Test
    void theScheduledBackupRunsAtItsTimeKeepsNAndAFailureIsAFailedJob() throws Exception {
        TestClock clock = TestClock.now();
        Path to = tmp.resolve("nightly");
        Dam dam = open(Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, tmp.resolve("home").toString(),
                ConfigKey.BACKUP_DIR, to.toString(), ConfigKey.BACKUP_TIME, "03:30", ConfigKey.BACKUP_KEEP, "2",
                ConfigKey.BACKUP_DERIVATIVES, "false")), clock));
        ScheduledBackup s = dam.backups().scheduled();
        assertThat(s.next()).isEqualTo(ScheduledBackup.nextRun(clock.instant(), LocalTime.of(3, 30), ZoneId.systemDefault()));
        assertThat(s.next()).isAfter(clock.instant()).isBeforeOrEqualTo(clock.instant().plus(Duration.ofHours(25)));
        assertThat(s.tick()).as("not yet").isEqualTo(-1);

        List<String> made = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            clock.advance(Duration.between(clock.instant(), s.next()));
            long job = s.tick();
            assertThat(job).isPositive();
            assertThat(s.tick()).as("once a day").isEqualTo(-1);
            Job done = dam.jobs().runUntilDone(job, j -> {});
            assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(JobState.DONE);
            made.add(dam.backups().list(to).getFirst().name());
        }
        assertThat(dam.backups().list(to)).extracting(BackupInfo::name).containsExactly(made.get(2), made.get(1));
        assertThat(dam.backups().schedule().backups()).hasSize(2);
        assertThat(dam.backups().schedule().nextRun()).isEqualTo(s.next());

        try (FileChannel ch = FileChannel.open(to.resolve(".backup.lock"), StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            clock.advance(Duration.between(clock.instant(), s.next()));
            Job failed = dam.jobs().runUntilDone(s.tick(), j -> {});
            assertThat(failed.state()).isEqualTo(JobState.FAILED);
            assertThat(failed.error()).contains("another backup is writing to " + to);
        }
        assertThat(dam.backups().list(to)).hasSize(2);
    }

    @Test
    void originalsAreCopiedVerifiedOnceWithTheirOwnHashList() throws Exception {
        Dam dam = open(openDam(tmp));
        Path media = tmp.resolve("media");
        images(media, 0, 3);
        DamTesting.write(media.resolve(".DS_Store"), "clutter");
        dam.roots().addRoot(media, Actor.commandLine());
        var before = DamTesting.snapshot(media);
        Path to = tmp.resolve("backups");
        BackupRequest withOriginals = new BackupRequest(to.toString(), false, true, null);

        BackupReport first = dam.backups().backup(withOriginals, f -> {}, () -> false);
        assertThat(first.originals()).singleElement().satisfies(o -> {
            assertThat(o.filesCopied()).isEqualTo(3);
            assertThat(o.to()).isEqualTo(to.resolve("originals/media").toString());
        });
        Path copy = to.resolve("originals/media");
        assertThat(copy.resolve(".DS_Store")).doesNotExist();
        assertThat(MhlVerifier.verify(copy, n -> {}).ok()).isTrue();

        BackupReport second = dam.backups().backup(withOriginals, f -> {}, () -> false);
        assertThat(second.originals().getFirst().filesCopied()).as("nothing new: nothing copied").isZero();
        assertThat(second.originals().getFirst().filesSkipped()).isEqualTo(3);
        assertThat(DamTesting.snapshot(media)).as("the root is only read").isEqualTo(before);

        images(media, 3, 1);
        BackupReport third = dam.backups().backup(withOriginals, f -> {}, () -> false);
        assertThat(third.originals().getFirst().filesCopied()).isEqualTo(1);
        assertThat(MhlVerifier.verify(copy, n -> {}).ok()).isTrue();
        assertThat(BackupFolder.read(Path.of(third.path()).resolve("backup.json")).originals()).containsExactly(media.toString());
    }

    @Test
    void hostileBackupFoldersAreRefused() throws Exception {
        Dam dam = open(openDam(tmp));
        Path media = Files.createDirectories(tmp.resolve("media"));
        dam.roots().addRoot(media, Actor.commandLine());
        BackupService b = dam.backups();
        assertCode(() -> b.checkedTarget("relative/dir"), ErrorCode.BAD_PATH, "must be an absolute path");
        assertCode(() -> b.checkedTarget(""), ErrorCode.BAD_PATH, "path is empty");
        assertCode(() -> b.checkedTarget("/tmp/a\0b"), ErrorCode.BAD_PATH, "NUL");
        assertCode(() -> b.checkedTarget(dam.layout().home().resolve("backups").toString()), ErrorCode.BAD_PATH,
                "inside the library's own folder");
        assertCode(() -> b.checkedTarget(media.resolve("backups").toString()), ErrorCode.BAD_PATH, "inside the library root");
        assertCode(() -> b.checkedTarget(media.resolve("sub/../../media/x").toString()), ErrorCode.BAD_PATH, "inside the library root");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertCode(() -> b.checkedTarget(file.toString()), ErrorCode.BAD_PATH, "not a folder");
        assertCode(() -> b.enqueue(new BackupRequest(media.toString(), true, false, null), Actor.commandLine()), ErrorCode.BAD_PATH,
                "inside the library root");
        assertThat(dam.jobs().list(null, 10)).isEmpty();
        assertThat(Files.list(media)).as("nothing written into the root").isEmpty();
    }

    @Test
    void restoreInstallsOnlyRegularFilesTheHashListVouchesFor() throws Exception {
        Dam dam = open(openDam(tmp));
        Path media = tmp.resolve("media");
        images(media, 0, 2);
        scan(dam, media);
        assertThat(dam.jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
        Path to = tmp.resolve("backups");
        Path snapshot = Path.of(backup(dam, to, true).path());
        Path home = tmp.resolve("restored");

        // A configuration planted in the snapshot after the fact: not in the hash list.
        Path planted = Files.writeString(snapshot.resolve("dam.toml"), "[ffmpeg]\npath = \"/tmp/evil.sh\"\n");
        assertCode(() -> BackupRestore.prepare(snapshot, Optional.empty(), home, false, f -> {}), ErrorCode.INVALID,
                "dam.toml (not in the hash list)");
        assertThat(home).doesNotExist();
        Files.delete(planted);

        // A link among the derivatives, to a file outside the backup.
        Path derivative;
        try (var s = Files.walk(snapshot.resolve("derivatives"))) {
            derivative = s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Path link = Files.createSymbolicLink(derivative.resolveSibling("extra.jpg"), media.resolve("frame-0.png"));
        assertCode(() -> BackupRestore.prepare(snapshot, Optional.empty(), home, false, f -> {}), ErrorCode.INVALID,
                "extra.jpg (not a regular file)");
        assertThat(home).doesNotExist();
        Files.delete(link);

        // A hash list rewritten to cover only the manifest, with the catalog a link to another library's.
        Dam other = open(openDam(tmp.resolve("other"), "0"));
        BackupFolder.deleteTree(snapshot.resolve("ascmhl"));
        BackupFolder.deleteTree(snapshot.resolve("derivatives"));
        Path manifest = snapshot.resolve("backup.json");
        MhlHistory.open(snapshot).addGeneration(List.of(new MhlFile("backup.json", Files.size(manifest),
                        Files.getLastModifiedTime(manifest).toInstant(),
                        List.of(new MhlHash(HashFormat.XXH64, MultiHasher.hash(manifest, Set.of(HashFormat.XXH64)).get(HashFormat.XXH64),
                                HashAction.ORIGINAL, Instant.now())))),
                MhlProcess.IN_PLACE, MhlCreator.ours(Optional.empty()), Instant.now());
        Files.delete(snapshot.resolve("catalog.db"));
        Files.createSymbolicLink(snapshot.resolve("catalog.db"), other.layout().home().resolve("catalog.db"));
        assertCode(() -> BackupRestore.prepare(snapshot, Optional.empty(), home, false, f -> {}), ErrorCode.INVALID,
                "catalog.db (not a regular file)");
        assertThat(home).doesNotExist();

        // A regular file, but one the hash list does not cover (history ignore patterns cannot hide it either).
        Files.delete(snapshot.resolve("catalog.db"));
        Files.copy(other.layout().home().resolve("catalog.db"), snapshot.resolve("catalog.db"));
        assertCode(() -> BackupRestore.prepare(snapshot, Optional.empty(), home, false, f -> {}), ErrorCode.INVALID,
                "catalog.db (not in the hash list)");
        assertThat(home).doesNotExist();
    }
}
