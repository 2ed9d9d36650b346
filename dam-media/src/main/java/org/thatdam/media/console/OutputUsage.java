package org.thatdam.media.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * What a folder of outputs costs the disk: each file's size rounded up to whole blocks of its file
 * system, like {@code du}, and the number of files. A thousand 100-byte files take 4 MB, not
 * 100 KB. Java cannot read {@code st_blocks}, so a sparse file is counted at its full length: an
 * upper bound, which is the safe side for a limit (and what the file becomes when copied).
 *
 * @param bytes the allocated bytes of all regular files under the folder
 * @param files how many regular files there are
 */
public record OutputUsage(long bytes, int files) {

    static final OutputUsage NONE = new OutputUsage(0, 0);

    /** Counts the folder; a file vanishing while it is walked is simply not counted. */
    public static OutputUsage of(Path dir) {
        long block = blockSize(dir);
        long bytes = 0;
        int files = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue;
                }
                if (a.isRegularFile()) {
                    files++;
                    bytes += allocated(a.size(), block);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the folder changed under the walk: count again at the next look
        }
        return new OutputUsage(bytes, files);
    }

    /** {@code size} rounded up to whole blocks. */
    static long allocated(long size, long block) {
        return (size + block - 1) / block * block;
    }

    private static long blockSize(Path dir) {
        try {
            long b = Files.getFileStore(dir).getBlockSize();
            return b > 0 ? b : 4096;
        } catch (IOException | UnsupportedOperationException e) {
            return 4096; // the common block size of ext4, XFS, APFS and NTFS
        }
    }
}
