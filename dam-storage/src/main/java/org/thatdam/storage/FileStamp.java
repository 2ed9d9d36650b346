package org.thatdam.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What we know about a file without reading it: size, modification time and, where the file
 * system exposes one, the inode. Equal stamps mean "unchanged, do not read".
 */
public record FileStamp(long sizeBytes, long mtimeMillis, Long inode) {

    public static FileStamp of(Path file) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return of(attrs);
    }

    public static FileStamp of(BasicFileAttributes attrs) {
        return new FileStamp(attrs.size(), attrs.lastModifiedTime().toMillis(), inodeOf(attrs.fileKey()));
    }

    /** On Unix the file key prints as {@code (dev=…,ino=…)}; elsewhere there may be none. */
    static Long inodeOf(Object fileKey) {
        if (fileKey == null) {
            return null;
        }
        String s = fileKey.toString();
        int i = s.indexOf("ino=");
        if (i < 0) {
            return null;
        }
        int end = i + 4;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        try {
            return Long.parseLong(s.substring(i + 4, end));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Same size and mtime; the inode only counts when both sides know it. */
    public boolean sameAs(long size, long mtime, Long otherInode) {
        return sizeBytes == size && mtimeMillis == mtime
                && (inode == null || otherInode == null || inode.equals(otherInode));
    }
}
