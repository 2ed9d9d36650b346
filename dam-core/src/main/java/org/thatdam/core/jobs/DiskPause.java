package org.thatdam.core.jobs;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.storage.DiskFullException;
import org.thatdam.storage.DiskSpace;

/**
 * Whether job work that writes to the library's disk may start: not while free space is below the
 * floor, nor after a write failed for lack of space until more space than then is free. Each pause
 * and each resume is reported once, however many jobs and polls run into it.
 */
final class DiskPause {

    private static final Logger LOG = LoggerFactory.getLogger(DiskPause.class);
    static final String PAUSED = "paused work that writes there; it resumes when space returns";
    /** After a failed write, this much more than was free then must be free before trying again. */
    static final long RESUME_MARGIN = 1024 * 1024;

    private final DiskSpace disk;
    private DiskFullException paused;
    private long resumeAt;

    DiskPause(DiskSpace disk) {
        this.disk = disk;
    }

    /** Asked before claiming work that writes: true when it may start (pauses or resumes as space says). */
    synchronized boolean allowsWrites() {
        long free = disk.usable();
        if (paused == null) {
            if (free >= disk.floorBytes()) return true;
            pause(disk.full(PAUSED, null), disk.floorBytes());
            return false;
        }
        if (free < resumeAt) return false;
        LOG.info("disk space is back ({} MiB free on the disk holding {}): resuming work that writes there",
                free / (1024 * 1024), disk.dir());
        paused = null;
        return true;
    }

    /** A write failed for lack of space (a job's output, or the catalog): pause until more is free. */
    synchronized void full(Throwable cause) {
        long free = disk.usableNow();
        long at = Math.max(disk.floorBytes(), free + RESUME_MARGIN);
        if (paused == null) pause(new DiskFullException(disk.dir(), free, disk.floorBytes(), PAUSED, cause), at);
        else resumeAt = Math.max(resumeAt, at);
    }

    private void pause(DiskFullException e, long resumeAt) {
        this.paused = e;
        this.resumeAt = resumeAt;
        LOG.warn("{}", e.getMessage());
    }

    /** The pause in effect, if any. */
    synchronized Optional<DiskFullException> paused() {
        return Optional.ofNullable(paused);
    }
}
