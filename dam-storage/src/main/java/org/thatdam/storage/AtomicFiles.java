package org.thatdam.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.thatdam.model.DamException;

/**
 * Every file this program writes goes through here: the bytes land in a temporary file next to
 * the target, are flushed to disk, and only then renamed over the target. A reader (or a crash)
 * sees either the old file or the complete new one, never a partial write.
 */
public final class AtomicFiles {

    /** Writes the content produced by {@code writer}. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** Who may read a file written here. */
    public enum Readers {
        /** Whoever the folder's defaults (and the umask) let read it. */
        DEFAULT,
        /**
         * Its owner only ({@code rw-------}, from its creation: a secret is never readable by others,
         * not even for a moment). On a file system without POSIX permissions, the folder's defaults.
         */
        OWNER
    }

    public static void write(Path target, ContentWriter writer) throws IOException {
        write(target, Readers.DEFAULT, writer);
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /** Writes the content produced by {@code writer}, readable by {@code readers}. */
    public static void write(Path target, Readers readers, ContentWriter writer) throws IOException {
        Path temp = tempSibling(target);
        try {
            try (OutputStream out = create(temp, readers)) {
                writer.writeTo(out);
            }
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Like {@link #write(Path, byte[])}, for a file only its owner may read (it holds a secret): {@link Readers#OWNER}. */
    public static void writePrivate(Path target, byte[] content) throws IOException {
        write(target, Readers.OWNER, out -> out.write(content));
    }

    private static OutputStream create(Path temp, Readers readers) throws IOException {
        if (readers == Readers.OWNER && temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Channels.newOutputStream(Files.newByteChannel(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        }
        return Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Writes a file the user named (an export, a dump): like {@link #write}, but only into a folder
     * that exists (a typo must not grow a tree of folders) and only over nothing or a regular file.
     * A device, FIFO, folder or symbolic link there is refused, never replaced by a rename.
     * Failures name the user's path, never our temporary file.
     */
    public static void writeUserFile(Path target, ContentWriter writer) {
        checkUserTarget(target);
        try {
            write(target, writer);
        } catch (IOException e) {
            throw IoErrors.failure("cannot write " + target, e);
        } catch (java.io.UncheckedIOException e) {
            throw IoErrors.failure("cannot write " + target, e.getCause());
        }
    }

    /**
     * Copies {@code source} to a new file the user named ({@link #copyNew}), with the checks of
     * {@link #writeUserFile}; an existing file there is a conflict.
     */
    public static void copyNewUserFile(Path source, Path target) {
        checkUserTarget(target);
        try {
            copyNew(source, target);
        } catch (IOException e) {
            throw IoErrors.failure("cannot write " + target, e);
        }
    }

    /**
     * Refuses, before any work, an output path the user named whose folder does not exist or
     * whose existing entry is not a regular file (checked without following links).
     */
    public static void checkUserTarget(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.exists(dir)) {
            throw DamException.notFound("cannot write " + target + ": no such folder " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw DamException.invalid("cannot write " + target + ": " + dir + " is not a folder");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw DamException.invalid("cannot write " + target + ": is a directory");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            String what = Files.isSymbolicLink(target) ? "is a symbolic link" : "is not a regular file";
            throw DamException.invalid("cannot write " + target + ": " + what + "; refusing to replace it");
        }
    }

    /**
     * A fresh temporary path next to {@code target} (same directory, so the final rename is atomic).
     * The caller (or an external process such as ffmpeg) fills it and then calls {@link #commit}.
     */
    public static Path tempSibling(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // The name's exact text form: toString() may not hold its bytes (a Latin-1 name, no UTF-8 locale).
        String text = FileNames.text(target.toAbsolutePath());
        String name = text.substring(text.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        // Keep the extension: tools such as ffmpeg pick the output format from it.
        String ext = dot > 0 ? name.substring(dot) : "";
        String base = dot > 0 ? name.substring(0, dot) : name;
        String folder = text.substring(0, text.lastIndexOf('/') + 1);
        return FileNames.path(folder + tempPrefix(base) + Long.toUnsignedString(System.nanoTime(), 36)
                + "-" + Long.toUnsignedString(Thread.currentThread().threadId(), 36) + ext);
    }

    /** Temporary files for targets named {@code base.*} start with this: ".base.tmp-". */
    public static String tempPrefix(String base) {
        return "." + base + ".tmp-";
    }

    /**
     * Deletes temporary files that a killed writer left behind for targets whose name starts with
     * {@code base} ("sprite" covers sprite.vtt and sprite-0.jpg). Call only while no writer of
     * those targets can be running.
     */
    public static int removeLeftovers(Path dir, String base) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        int n = 0;
        try (var s = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith("." + base) && f.contains(".tmp-");
        })) {
            for (Path p : s) {
                if (Files.deleteIfExists(p)) n++;
            }
        }
        return n;
    }

    /** Flushes {@code temp} to disk and renames it over {@code target}. */
    public static void commit(Path temp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot atomically replace " + target + ": temporary file is on another file system", e);
        }
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Copies {@code source} to {@code target}, which must not exist: the copy is written to a
     * temporary sibling and then linked into place, so the target appears whole or not at all and
     * an existing file (someone's original) is never replaced, not even by a racing writer.
     */
    public static void copyNew(Path source, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString(), null, "exists; refusing to overwrite it");
        }
        Path temp = tempSibling(target);
        try {
            Files.copy(source, temp, StandardCopyOption.COPY_ATTRIBUTES);
            commitNew(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Moves a complete, flushed file of ours to {@code target}, which must not exist: a hard link
     * makes it appear whole or not at all and never replaces anything (a rename would), then the
     * source name is removed. Across disks it is copied the same way ({@link #copyNew}). A taken
     * target is a {@link java.nio.file.FileAlreadyExistsException} and leaves the source as it was.
     */
    public static void moveNew(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
            fsyncDirectory(target.toAbsolutePath().getParent());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            copyNew(source, target); // another file system, or one without hard links
        }
        Files.delete(source);
    }

    /**
     * Flushes {@code temp} (a {@link #tempSibling} of {@code target}) to disk and links it into place
     * as {@code target}, which must not exist: link(2) fails when the target exists, so nothing is
     * ever replaced. On a file system without hard links (FAT, exFAT cards and drives) it is renamed
     * instead, after a check that the target is absent. The caller deletes {@code temp} afterwards.
     */
    public static void commitNew(Path temp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.createLink(target, temp);
        } catch (UnsupportedOperationException e) {
            Files.move(temp, target); // without REPLACE_EXISTING: refused when the target exists
        } catch (java.nio.file.FileSystemException e) {
            if (e instanceof java.nio.file.FileAlreadyExistsException || !Files.exists(temp)) throw e;
            Files.move(temp, target);
        }
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    private static void fsyncDirectory(Path dir) {
        // Makes the rename itself durable. Not every platform lets a directory be opened; that only
        // weakens durability on power loss, never atomicity, so it is not an error.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // see above
        }
    }
}
