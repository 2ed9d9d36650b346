package org.thatdam.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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

    public static void write(Path target, ContentWriter writer) throws IOException {
        Path temp = tempSibling(target);
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writer.writeTo(out);
            }
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /**
     * A fresh temporary path next to {@code target} (same directory, so the final rename is atomic).
     * The caller (or an external process such as ffmpeg) fills it and then calls {@link #commit}.
     */
    public static Path tempSibling(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        // Keep the extension: tools such as ffmpeg pick the output format from it.
        String ext = dot > 0 ? name.substring(dot) : "";
        String base = dot > 0 ? name.substring(0, dot) : name;
        return dir.resolve(tempPrefix(base) + Long.toUnsignedString(System.nanoTime(), 36)
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
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString(), null, "exists; refusing to overwrite it");
        }
        Path temp = tempSibling(target);
        try {
            Files.copy(source, temp, StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.createLink(target, temp); // link(2) fails when the target exists: no replace, ever
            fsyncDirectory(target.toAbsolutePath().getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
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
