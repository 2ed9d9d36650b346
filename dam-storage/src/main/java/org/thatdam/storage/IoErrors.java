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
        return e instanceof FileSystemException f && f.getFile() != null ? what + " (" + f.getFile() + ")" : what;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
