package org.thatdam.core.backup;

import java.time.Instant;
import java.util.List;

/**
 * What one backup did: the snapshot it made (folder {@code path}), how many assets it holds, the
 * files copied and those taken over unchanged from the previous snapshot (hard links, no copy),
 * the bytes copied, the originals copied per root, older snapshots deleted, and the time it took.
 */
public record BackupReport(
        String snapshot,
        String path,
        Instant created,
        long assets,
        int schemaVersion,
        int filesCopied,
        int filesSkipped,
        long bytesCopied,
        List<OriginalsCopy> originals,
        List<String> deleted,
        long durationMs) {

    /** The originals of one library root, copied (verified) into {@code originals/<name>/} of the backup. */
    public record OriginalsCopy(String root, String to, int filesCopied, int filesSkipped, long bytesCopied) {}
}
