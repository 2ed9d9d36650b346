package org.thatdam.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A file-system failure in words a user can act on (the JDK's messages are often just a path). */
public final class IoErrors {

    private IoErrors() {}

    public static String describe(IOException e) {
        if (isDiskFull(e)) return e instanceof FileSystemException f && f.getFile() != null ? "the disk is full (" + f.getFile() + ")" : "the disk is full";
        String what = switch (e) {
            case AccessDeniedException a -> "permission denied";
            case FileAlreadyExistsException a -> "a file is in the way";
            case NotDirectoryException a -> "not a folder";
            case NoSuchFileException a -> "does not exist";
            case FileSystemException f when f.getReason() != null -> lowerFirst(f.getReason());
            default -> null;
        };
        if (what == null) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        // Our temporary file's name means nothing to the user (who named the real target).
        return e instanceof FileSystemException f && f.getFile() != null && !isTemp(f.getFile())
                ? what + " (" + f.getFile() + ")" : what;
    }

    /** "Is a directory", "Not a directory": the path names the wrong kind of thing, not a passing failure. */
    private static boolean isWrongKind(String reason) {
        return reason != null && (reason.equalsIgnoreCase("Is a directory") || reason.equalsIgnoreCase("Not a directory"));
    }

    private static boolean isTemp(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.startsWith(".") && name.contains(".tmp-");
    }

    /**
     * A failure on a file the user named, as the library's error type: {@code what} says what was
     * being done ("cannot write /x/clip.mp4"), the code what the user can do about it.
     */
    public static org.thatdam.model.DamException failure(String what, IOException e) {
        org.thatdam.model.ErrorCode code = isDiskFull(e) ? org.thatdam.model.ErrorCode.DISK_FULL : switch (e) {
            case AccessDeniedException a -> org.thatdam.model.ErrorCode.FORBIDDEN;
            case FileAlreadyExistsException a -> org.thatdam.model.ErrorCode.CONFLICT;
            case NoSuchFileException a -> org.thatdam.model.ErrorCode.NOT_FOUND;
            case NotDirectoryException a -> org.thatdam.model.ErrorCode.INVALID;
            case FileSystemException f when isWrongKind(f.getReason()) -> org.thatdam.model.ErrorCode.INVALID;
            default -> org.thatdam.model.ErrorCode.UNAVAILABLE;
        };
        return new org.thatdam.model.DamException(code, what + ": " + describe(e), e);
    }

    /**
     * Whether {@code t} (or anything it wraps) says the disk ran out of space: ENOSPC or a quota from the
     * file system, SQLite's SQLITE_FULL (or a failed resize of its shared-memory file), ffmpeg's
     * "No space left on device" in a tool's message, or a {@link DiskFullException}.
     */
    public static boolean isDiskFull(Throwable t) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        if (t != null) todo.add(t);
        while (!todo.isEmpty() && seen.size() < 32) {
            Throwable x = todo.poll();
            if (x == null || !seen.add(x)) continue;
            if (x instanceof DiskFullException) return true;
            if (x instanceof FileSystemException f && saysFull(f.getReason())) return true;
            if (saysFull(x.getMessage())) return true;
            if (x.getCause() != null) todo.add(x.getCause());
            for (Throwable s : x.getSuppressed()) todo.add(s);
        }
        return false;
    }

    private static final String[] FULL = {"no space left on device", "disk quota exceeded", "sqlite_full",
        "database or disk is full", "sqlite_ioerr_shmsize"};

    private static boolean saysFull(String message) {
        if (message == null) return false;
        String m = message.toLowerCase(java.util.Locale.ROOT);
        for (String f : FULL) {
            if (m.contains(f)) return true;
        }
        return false;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
