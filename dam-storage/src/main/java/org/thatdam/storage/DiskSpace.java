package org.thatdam.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Free space on the disk holding the library's data, against a floor below which no new work that
 * writes there starts. Asked before every job claim, so the answer is cached for {@link #CACHE_NANOS}.
 */
public final class DiskSpace {

    static final long CACHE_NANOS = 1_000_000_000L;

    private final Path dir;
    private final long floorBytes;
    private final LongSupplier usable;
    private long cachedAt;
    private long cached = -1;

    /** {@code usable} reports the bytes this process may still write on {@code dir}'s disk. */
    public DiskSpace(Path dir, long floorBytes, LongSupplier usable) {
        this.dir = dir;
        this.floorBytes = Math.max(0, floorBytes);
        this.usable = usable;
    }

    /** The real disk of {@code dir} (which must exist). */
    public static DiskSpace of(Path dir, long floorBytes) {
        return new DiskSpace(dir, floorBytes, () -> {
            try {
                FileStore store = Files.getFileStore(dir);
                return store.getUsableSpace();
            } catch (IOException | SecurityException e) {
                return Long.MAX_VALUE;   // unknown: never pause work on a guess
            }
        });
    }

    public Path dir() {
        return dir;
    }

    public long floorBytes() {
        return floorBytes;
    }

    /** Usable bytes, at most a second old. */
    public synchronized long usable() {
        long now = System.nanoTime();
        if (cached < 0 || now - cachedAt >= CACHE_NANOS) {
            cached = usable.getAsLong();
            cachedAt = now;
        }
        return cached;
    }

    /** Usable bytes now (after a write failed, when a cached value would mislead). */
    public synchronized long usableNow() {
        cached = -1;
        return usable();
    }

    /** Below the floor: new work that writes here should wait. */
    public boolean low() {
        return usable() < floorBytes;
    }

    /** The condition as an error saying what it means for the caller. */
    public DiskFullException full(String consequence, Throwable cause) {
        return new DiskFullException(dir, usable(), floorBytes, consequence, cause);
    }
}
