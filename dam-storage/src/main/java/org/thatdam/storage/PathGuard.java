package org.thatdam.storage;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Answers "is this path really inside that root?" after resolving symlinks, so that neither
 * {@code ..} segments nor a link pointing elsewhere can escape a library root.
 */
public final class PathGuard {

    private PathGuard() {}

    /** Rejects input that is never a legitimate path: empty, NUL bytes, absurd length. */
    public static Path parseUserPath(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidPathException("path is empty");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new InvalidPathException("path contains a NUL byte");
        }
        if (raw.length() > 4096) {
            throw new InvalidPathException("path is longer than 4096 characters");
        }
        try {
            return Path.of(raw);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidPathException("not a valid path: " + e.getReason());
        }
    }

    /**
     * The real path (symlinks resolved), or the absolute normalized path when it cannot be resolved
     * (gone, or unreadable: a root whose disk is away); null stays null.
     */
    public static Path realOrAbsolute(Path p) {
        if (p == null) return null;
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** True when {@code candidate}, with every symlink resolved, lies in {@code root} (also resolved). */
    public static boolean isInside(Path root, Path candidate) throws IOException {
        Path realRoot = root.toRealPath();
        Path real = candidate.toRealPath();
        return real.startsWith(realRoot);
    }

    /** Like {@link #isInside} but without requiring the candidate to exist: checks its nearest existing parent. */
    public static boolean wouldBeInside(Path root, Path candidate) throws IOException {
        Path abs = candidate.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return false;
        }
        return existing.toRealPath().resolve(existing.relativize(abs)).normalize().startsWith(root.toRealPath());
    }

    /**
     * Makes the folders from {@code root} (a real path) down to {@code dir} one level at a time
     * without following links: a link, or something that is not a folder, where a folder is expected
     * is refused ({@link InvalidPathException}), so a link planted inside a destination cannot send
     * writes outside it. The result is checked once more with every link resolved.
     */
    public static void createFoldersInside(Path root, Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (!target.startsWith(root)) throw new InvalidPathException(dir + " is not inside " + root);
        Path current = root;
        for (Path part : root.relativize(target)) {
            current = current.resolve(part);
            try {
                Files.createDirectory(current);
                continue;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // there already: checked below
            }
            var attrs = Files.readAttributes(current, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                throw new InvalidPathException(current + " is a link; nothing is written through a link");
            }
            if (!attrs.isDirectory()) throw new InvalidPathException(current + " is in the way of a folder and is not one");
        }
        if (!target.toRealPath().startsWith(root.toRealPath())) {
            throw new InvalidPathException(dir + " leads outside " + root);
        }
    }

    /** A path the user handed us that we refuse to use. */
    public static final class InvalidPathException extends DamException {
        public InvalidPathException(String message) {
            super(ErrorCode.BAD_PATH, message);
        }
    }
}
