package org.thatdam.core.scan;

import java.util.List;

/**
 * What a scan did. {@code scanned} counts media files looked at; {@code skipped} counts files that
 * are not media (or are links); {@code failed} counts media files that could not be read, each
 * of which is catalogued with its error.
 */
public record ScanReport(long scanned, long added, long updated, long unchanged, long deferred, long failed,
                         long skipped, long durationMs, List<Problem> problems) {

    /** A file that failed, or a folder that could not be listed. */
    public record Problem(String path, String error) {}
}
