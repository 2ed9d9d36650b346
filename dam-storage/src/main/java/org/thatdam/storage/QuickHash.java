package org.thatdam.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.openhft.hashing.LongHashFunction;

/**
 * Fast content identity for scanning: xxHash64 over the size and three 64 KiB chunks (head,
 * middle, tail). Reads at most 192 KiB whatever the file size, so a camera card of 4 GB clips is
 * identified in milliseconds. The full-content hash ({@link #full}) settles real duplicates.
 */
public final class QuickHash {

    static final int CHUNK = 64 * 1024;
    private static final LongHashFunction XX = LongHashFunction.xx();

    private QuickHash() {}

    public static String of(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate(8 + 3 * CHUNK);
            buf.putLong(size);
            if (size <= 3L * CHUNK) {
                readFully(ch, buf, 0, (int) size);
            } else {
                readFully(ch, buf, 0, CHUNK);
                readFully(ch, buf, size / 2 - CHUNK / 2, CHUNK);
                readFully(ch, buf, size - CHUNK, CHUNK);
            }
            buf.flip();
            return hex(XX.hashBytes(buf));
        }
    }

    /** xxHash64 of the whole content, streamed in 1 MiB blocks and chained. */
    public static String full(Path file) throws IOException {
        return full(file, f -> { });
    }

    /** {@link #full(Path)}, telling {@code progress} the fraction of the file read so far (0..1) after each MiB. */
    public static String full(Path file, java.util.function.DoubleConsumer progress) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20); // heap: hashing a direct buffer needs JDK internals
            long size = ch.size();
            long h = size;
            long read = 0;
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                buf.flip();
                h = LongHashFunction.xx(h).hashBytes(buf);
                read += n;
                if (size > 0) progress.accept(Math.min(1, read / (double) size));
            }
            return hex(h);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, int len) throws IOException {
        int limit = buf.position() + len;
        ByteBuffer slice = buf.duplicate();
        slice.limit(limit);
        while (slice.position() < limit) {
            int n = ch.read(slice, pos + (slice.position() - buf.position()));
            if (n < 0) {
                throw new IOException("file shrank while being read: " + ch);
            }
        }
        buf.position(limit);
    }

    private static String hex(long v) {
        String s = Long.toHexString(v);
        return "0".repeat(16 - s.length()) + s;
    }
}
