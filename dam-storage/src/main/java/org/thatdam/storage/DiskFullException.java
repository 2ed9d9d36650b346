package org.thatdam.storage;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

import java.nio.file.Path;

/**
 * The disk holding the library's data is full (or below the configured free-space floor): work
 * that writes there cannot go on. One message for the user, error code {@code disk_full}.
 */
public final class DiskFullException extends DamException {


    private final Path dir;
    private final long freeBytes;
    private final long floorBytes;

    public DiskFullException(Path dir, long freeBytes, String consequence, Throwable cause) {
        this(dir, freeBytes, 0, consequence, cause);
    }

    /** With {@code floorBytes} above {@code freeBytes}, the message says the disk is below the free-space floor. */
    public DiskFullException(Path dir, long freeBytes, long floorBytes, String consequence, Throwable cause) {
        super(ErrorCode.DISK_FULL, "the disk holding " + dir + " is full (" + mib(freeBytes) + " MiB free"
                + (floorBytes > freeBytes ? ", below the " + mib(floorBytes) + " MiB kept free" : "") + "): "
                + consequence, cause);
        this.dir = dir;
        this.freeBytes = freeBytes;
        this.floorBytes = floorBytes;
    }


    /** The library folder whose disk is full. */
    public Path dir() {
        return dir;
    }

    public long freeBytes() {
        return freeBytes;
    }

    /** The same condition with what it means for the caller ("the scan stopped; …"). */
    public DiskFullException because(String consequence) {
        return new DiskFullException(dir, freeBytes, floorBytes, consequence, getCause());
    }

    static long mib(long bytes) {
        return Math.max(0, bytes) / (1024 * 1024);
    }
}
