package org.thatdam.core.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;
import org.thatdam.model.DamException;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.IoErrors;
import org.thatdam.storage.PathGuard;
import org.thatdam.storage.mhl.MhlHistory;
import org.thatdam.storage.mhl.MhlVerifier;

/**
 * Restores a snapshot into a new home in two steps: {@link #prepare} checks the snapshot against its
 * hash list and copies catalog, configuration and derivatives into the (empty) home; the caller then
 * opens the library there with its configuration (which brings the catalog's schema up to date) and
 * {@link BackupService#finishRestore} builds the search index, which is never in a backup.
 */
public final class BackupRestore {

    private BackupRestore() {}

    /** A snapshot copied into {@code home}, checked file by file. */
    public record Prepared(Path snapshot, Path home, BackupManifest manifest, int filesChecked, long startedNanos) {}

    /**
     * @param from     a backup folder (its newest snapshot, or the one named {@code snapshot}) or a snapshot folder
     * @param home     the new library's folder: absent or empty ({@code force}: any folder without a catalog)
     * @param progress 0..1 of the check against the hash list
     */
    public static Prepared prepare(Path from, Optional<String> snapshot, Path home, boolean force, DoubleConsumer progress) {
        long t0 = System.nanoTime();
        Path source = snapshot(from.toAbsolutePath().normalize(), snapshot);
        BackupManifest manifest = BackupFolder.read(source.resolve(BackupFolder.MANIFEST));
        Path target = home.toAbsolutePath().normalize();
        checkHome(target, source, force);
        int checked = verify(source, progress);
        try {
            Files.createDirectories(target);
            Path derivs = source.resolve(BackupFolder.DERIVATIVES);
            if (Files.isDirectory(derivs, LinkOption.NOFOLLOW_LINKS)) {
                Path staging = target.resolve(".derivatives.restoring");
                if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) BackupFolder.deleteTree(staging);
                copyTree(derivs, staging);
                Path into = target.resolve(BackupFolder.DERIVATIVES);
                if (Files.isDirectory(into, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> s = Files.list(into)) {
                        if (s.findAny().isPresent()) {
                            throw DamException.conflict(into + " is not empty; restore into an empty folder");
                        }
                    }
                    Files.delete(into);
                }
                Files.move(staging, into, StandardCopyOption.ATOMIC_MOVE);
            }
            Path conf = source.resolve(BackupFolder.CONFIG);
            if (Files.isRegularFile(conf, LinkOption.NOFOLLOW_LINKS)) AtomicFiles.copyNew(conf, target.resolve(BackupFolder.CONFIG));
            // The catalog last: its presence is what makes the folder a library.
            AtomicFiles.copyNew(source.resolve(BackupFolder.CATALOG), target.resolve(BackupFolder.CATALOG));
        } catch (IOException e) {
            throw IoErrors.failure("cannot restore into " + target, e);
        }
        return new Prepared(source, target, manifest, checked, t0);
    }

    private static Path snapshot(Path from, Optional<String> name) {
        if (!Files.isDirectory(from)) throw DamException.notFound("no such backup folder: " + from);
        if (Files.isRegularFile(from.resolve(BackupFolder.MANIFEST))) {
            if (name.isPresent()) throw DamException.invalid(from + " is one snapshot; --snapshot names one inside a backup folder");
            return from;
        }
        List<BackupFolder.Snapshot> all = new BackupFolder(from).snapshots();
        if (all.isEmpty()) throw DamException.notFound("no backup in " + from + " (made with 'dam backup --to " + from + "')");
        if (name.isEmpty()) return all.getFirst().dir();
        return all.stream().filter(s -> s.name().equals(name.get())).findFirst().map(BackupFolder.Snapshot::dir)
                .orElseThrow(() -> DamException.notFound("no backup named '" + name.get() + "' in " + from + "; there are: "
                        + String.join(", ", all.stream().map(BackupFolder.Snapshot::name).toList())));
    }

    private static void checkHome(Path home, Path snapshot, boolean force) {
        if (home.startsWith(snapshot) || snapshot.startsWith(home)) {
            throw new PathGuard.InvalidPathException("the new home " + home + " must be outside the backup " + snapshot);
        }
        if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) throw new PathGuard.InvalidPathException("not a folder: " + home);
        if (Files.exists(home.resolve(BackupFolder.CATALOG), LinkOption.NOFOLLOW_LINKS)) {
            throw DamException.conflict(home + " already holds a library (catalog.db); restore into a new, empty folder");
        }
        try (Stream<Path> s = Files.list(home)) {
            if (!force && s.findAny().isPresent()) {
                throw DamException.conflict(home + " is not empty; restore into a new, empty folder (or add --force to use it anyway)");
            }
        } catch (IOException e) {
            throw IoErrors.failure("cannot read " + home, e);
        }
    }

    /** Checks every file of the snapshot against its hash list; a missing or changed file stops the restore. */
    private static int verify(Path snapshot, DoubleConsumer progress) {
        if (MhlHistory.open(snapshot).isEmpty()) {
            throw DamException.invalid(snapshot + " has no hash list (ascmhl/); it is not a complete backup");
        }
        org.thatdam.storage.mhl.VerifyReport r = MhlVerifier.verify(snapshot, new MhlVerifier.Progress() {
            private long total = 1;

            @Override
            public void start(int files, long totalBytes) {
                total = Math.max(1, totalBytes);
            }

            @Override
            public void bytesDone(long done) {
                progress.accept(Math.min(1, (double) done / total));
            }
        });
        if (!r.ok()) {
            List<String> bad = new ArrayList<>();
            r.missing().forEach(m -> bad.add(m + " (missing)"));
            r.changed().forEach(m -> bad.add(m.path() + " (changed)"));
            r.unchecked().forEach(m -> bad.add(m + " (no hash to check)"));
            throw DamException.invalid("the backup " + snapshot + " is damaged: " + String.join(", ", bad.subList(0, Math.min(10, bad.size())))
                    + (bad.size() > 10 ? " and " + (bad.size() - 10) + " more" : "") + "; restore another snapshot (--snapshot NAME)");
        }
        return r.checked();
    }

    /** Copies a tree of regular files (with their times), never following links. */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
