package org.thatdam.core.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;
import org.thatdam.model.DamException;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.IoErrors;
import org.thatdam.storage.PathGuard;
import org.thatdam.storage.mhl.HashFormat;
import org.thatdam.storage.mhl.MhlFile;
import org.thatdam.storage.mhl.MhlHash;
import org.thatdam.storage.mhl.MhlHistory;
import org.thatdam.storage.mhl.MhlVerifier;
import org.thatdam.storage.mhl.MultiHasher;

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
        Path target = home.toAbsolutePath().normalize();
        checkHome(target, source, force);
        MhlHistory history = MhlHistory.open(source);
        int checked = verify(history, progress);
        BackupManifest manifest = BackupFolder.read(source.resolve(BackupFolder.MANIFEST)); // read once it is vouched for
        Installer install = new Installer(source, history.trusted());
        try {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) BackupFolder.createPrivate(target);
            Path derivs = source.resolve(BackupFolder.DERIVATIVES);
            if (Files.isDirectory(derivs, LinkOption.NOFOLLOW_LINKS)) {
                Path staging = target.resolve(".derivatives.restoring");
                if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) BackupFolder.deleteTree(staging);
                install.tree(BackupFolder.DERIVATIVES, staging);
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
            if (Files.exists(source.resolve(BackupFolder.CONFIG), LinkOption.NOFOLLOW_LINKS)) {
                install.file(BackupFolder.CONFIG, target.resolve(BackupFolder.CONFIG));
            }
            // The catalog last: its presence is what makes the folder a library.
            install.file(BackupFolder.CATALOG, target.resolve(BackupFolder.CATALOG));
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

    /**
     * Checks every file of the snapshot against its hash list. A missing, changed or unhashed file
     * stops the restore, and so does anything the hash list does not account for: a file added to
     * the snapshot, or a link or other special entry anywhere in it (a link could stand in for a
     * file the list vouches for).
     */
    private static int verify(MhlHistory history, DoubleConsumer progress) {
        Path snapshot = history.root();
        if (history.isEmpty()) {
            throw DamException.invalid(snapshot + " has no hash list (ascmhl/); it is not a complete backup");
        }
        List<String> bad = new ArrayList<>();
        specialEntries(snapshot).forEach(m -> bad.add(m + " (not a regular file)"));
        if (!bad.isEmpty()) throw damaged(snapshot, bad);
        org.thatdam.storage.mhl.VerifyReport r = MhlVerifier.verify(history, new MhlVerifier.Progress() {
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
        r.missing().forEach(m -> bad.add(m + " (missing)"));
        r.changed().forEach(m -> bad.add(m.path() + " (changed)"));
        r.unchecked().forEach(m -> bad.add(m + " (no hash to check)"));
        r.added().forEach(m -> bad.add(m + " (not in the hash list)"));
        if (!bad.isEmpty()) throw damaged(snapshot, bad);
        return r.checked();
    }

    static DamException damaged(Path snapshot, List<String> bad) {
        return DamException.invalid("the backup " + snapshot + " is damaged: " + String.join(", ", bad.subList(0, Math.min(10, bad.size())))
                + (bad.size() > 10 ? " and " + (bad.size() - 10) + " more" : "") + "; restore another snapshot (--snapshot NAME)");
    }

    /** Entries under {@code root} that are neither folders nor regular files (links are not followed). */
    private static List<String> specialEntries(Path root) {
        List<String> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile()) out.add(MhlFile.pathOf(root, file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw IoErrors.failure("cannot read the backup " + root, e);
        }
        return out;
    }

    /**
     * Installs files of a verified snapshot: only regular files (opened without following links)
     * that the hash list records, each hashed again while it is copied and refused unless it still
     * matches, so nothing can be swapped in between the check and the copy.
     */
    private record Installer(Path snapshot, Map<String, Map<HashFormat, MhlHash>> trusted) {

        void file(String relative, Path target) throws IOException {
            Path source = snapshot.resolve(relative);
            Map<HashFormat, MhlHash> expected = trusted.getOrDefault(relative, Map.of());
            if (expected.isEmpty()) throw damaged(snapshot, List.of(relative + " (not in the hash list)"));
            BasicFileAttributes attrs = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) throw damaged(snapshot, List.of(relative + " (not a regular file)"));
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString(), null, "exists; refusing to overwrite it");
            }
            MultiHasher hasher = new MultiHasher(expected.keySet());
            Path temp = AtomicFiles.tempSibling(target);
            try {
                try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
                     OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        hasher.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
                Map<HashFormat, String> actual = hasher.digests();
                for (Map.Entry<HashFormat, MhlHash> h : expected.entrySet()) {
                    if (!h.getValue().value().equals(actual.get(h.getKey()))) {
                        throw damaged(snapshot, List.of(relative + " (changed)"));
                    }
                }
                Files.setLastModifiedTime(temp, attrs.lastModifiedTime());
                AtomicFiles.commitNew(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        }

        /** Installs the folder {@code relative} of the snapshot as {@code to}, leaving out OS clutter. */
        void tree(String relative, Path to) throws IOException {
            Path from = snapshot.resolve(relative);
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (MhlHistory.ignored(MhlFile.pathOf(snapshot, dir))) return FileVisitResult.SKIP_SUBTREE;
                    Files.createDirectories(to.resolve(from.relativize(dir)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = MhlFile.pathOf(snapshot, file);
                    if (!MhlHistory.ignored(rel)) file(rel, to.resolve(from.relativize(file)));
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }
}
