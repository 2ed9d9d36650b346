package org.thatdam.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scan did. {@code scanned} counts media files looked at; {@code skipped} counts files that
 * are not media (or are links); {@code failed} counts media files that could not be read, each
 * of which is catalogued with its error; {@code missing} counts the assets that became missing (no
 * file of theirs is left; a file moved within the scan is not missing); {@code goneLocations}
 * counts the catalogued files found gone (their locations are now marked missing). {@code deferredFiles} names (up to a limit) the files that
 * were still being written and were left for later.
 */
public record ScanReport(long scanned, long added, long updated, long unchanged, long deferred, long failed,
                         long skipped, long missing, long goneLocations, long durationMs, List<Problem> problems,
                         List<String> deferredFiles) {

    /** A file that failed, or a folder that could not be listed. */
    public record Problem(String path, String error) {}

    /** Whether the catalog changed because of this scan. */
    public boolean changedAnything() {
        return added + updated + failed + missing + goneLocations > 0;
    }

    /**
     * This report followed by {@code later}, a scan of (some of) the files this one deferred: they
     * count once, with what the later scan found; {@code stillDeferred} files remain deferred.
     */
    public ScanReport then(ScanReport later, long stillDeferred, List<String> stillDeferredFiles) {
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(later.problems);
        return new ScanReport(scanned - deferred + later.scanned - later.deferred + stillDeferred, added + later.added, updated + later.updated,
                unchanged + later.unchanged, stillDeferred, failed + later.failed, skipped + later.skipped,
                missing + later.missing, goneLocations + later.goneLocations, durationMs + later.durationMs, List.copyOf(all), List.copyOf(stillDeferredFiles));
    }
}
