package org.thatdam.core.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.thatdam.core.json.Json;
import org.thatdam.model.DamException;
import org.thatdam.storage.DataLayout;
import org.thatdam.storage.IoErrors;

/**
 * A backup folder: one sub-folder per snapshot, named by its UTC time ({@code 2026-12-01T031500Z}),
 * each complete in itself (catalog, config, derivatives, {@code backup.json}, its own {@code ascmhl/}).
 * A snapshot is built under {@code .incomplete/<name>/} and renamed into place only when finished,
 * so a folder with a snapshot's name is always a whole one; deleting one never touches another
 * (unchanged files are shared as hard links, not referenced).
 */
record BackupFolder(Path dir) {

    static final String MANIFEST = "backup.json";
    static final String CATALOG = "catalog.db";
    static final String CONFIG = "dam.toml";
    static final String DERIVATIVES = "derivatives";
    static final String ORIGINALS = "originals";
    static final String INCOMPLETE = ".incomplete";
    private static final String LOCK = ".backup.lock";
    private static final Pattern NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{6}Z(-\\d{1,3})?");
    private static final DateTimeFormatter NAMES = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    static boolean isSnapshotName(String name) {
        return NAME.matcher(name).matches();
    }

    /** A name for a snapshot made at {@code now} that no snapshot in this folder has yet. */
    String newName(Instant now) {
        String base = NAMES.format(now);
        String name = base;
        for (int i = 2; Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS); i++) name = base + "-" + i;
        return name;
    }

    Path staging(String name) {
        return dir.resolve(INCOMPLETE).resolve(name);
    }

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    /**
     * Creates {@code folder} (not there yet) private to its owner, as the home is: a snapshot holds
     * the catalog with its password hashes, so nobody else may look inside, not even while it is written.
     */
    static void createPrivate(Path folder) throws IOException {
        Files.createDirectories(folder.getParent());
        if (posix(folder)) Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(DataLayout.OWNER_ONLY));
        else Files.createDirectory(folder);
    }

    /** Makes everything under {@code root} private to its owner: folders {@code rwx------}, files {@code rw-------}. */
    static void makePrivate(Path root) throws IOException {
        if (!posix(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(d, DataLayout.OWNER_ONLY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The complete snapshots here, newest first (a folder without its manifest is not one). */
    List<Snapshot> snapshots() {
        if (!Files.isDirectory(dir)) return List.of();
        List<Snapshot> out = new ArrayList<>();
        try (var s = Files.newDirectoryStream(dir, p -> isSnapshotName(p.getFileName().toString()))) {
            for (Path p : s) {
                Path manifest = p.resolve(MANIFEST);
                if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) continue;
                out.add(new Snapshot(p, read(manifest)));
            }
        } catch (IOException e) {
            throw IoErrors.failure("cannot list the backups in " + dir, e);
        }
        out.sort(Comparator.comparing((Snapshot s) -> s.manifest().created()).thenComparing(s -> s.dir().getFileName().toString())
                .reversed());
        return out;
    }

    Optional<Snapshot> newest() {
        return snapshots().stream().findFirst();
    }

    static BackupManifest read(Path manifest) {
        try {
            BackupManifest m = Json.mapper().readerFor(BackupManifest.class)
                    .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(manifest.toFile());
            if (m.version() > BackupManifest.VERSION) {
                throw DamException.invalid(manifest + " was written by a newer version (layout " + m.version() + ")");
            }
            return m;
        } catch (IOException e) {
            throw DamException.invalid("not a readable backup manifest: " + manifest);
        }
    }

    /** A complete snapshot folder and its manifest. */
    record Snapshot(Path dir, BackupManifest manifest) {
        String name() {
            return dir.getFileName().toString();
        }

        BackupInfo info() {
            return new BackupInfo(name(), dir.toString(), manifest.created(), size(dir), manifest.assets(), manifest.schemaVersion(),
                    manifest.derivatives());
        }
    }

    /** Bytes of the files under {@code root} (a file shared with another snapshot counts in each). */
    static long size(Path root) {
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }

    /**
     * Holds the folder's lock file while a backup writes here: a second backup into the same folder
     * (another process or this one) is refused instead of racing on the same names.
     */
    Lock lock() {
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw DamException.conflict("another backup is writing to " + dir + "; try again when it has finished");
            }
            return new Lock(ch);
        } catch (IOException e) {
            throw IoErrors.failure("cannot write to the backup folder " + dir, e);
        }
    }

    /** Removes what an interrupted backup left under {@code .incomplete/} (call with the lock held). */
    void removeIncomplete() throws IOException {
        Path inc = dir.resolve(INCOMPLETE);
        if (Files.isDirectory(inc, LinkOption.NOFOLLOW_LINKS)) deleteTree(inc);
    }

    /** Deletes a folder and everything in it, without following links out of it. */
    static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The lock on a backup folder, released on close. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock; nothing else to do
            }
        }
    }
}
