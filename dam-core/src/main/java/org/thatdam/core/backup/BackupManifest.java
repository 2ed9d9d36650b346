package org.thatdam.core.backup;

import java.time.Instant;
import java.util.List;

/**
 * {@code backup.json} in each snapshot: what it holds and of which library. A snapshot folder is
 * only there once it was complete (it is renamed into place last), and this file says what it is.
 */
public record BackupManifest(
        int version,
        Instant created,
        String home,
        long assets,
        int schemaVersion,
        boolean config,
        boolean derivatives,
        int derivativeFiles,
        long derivativeBytes,
        List<String> originals) {

    /** The layout written today; a newer one is refused by restore. */
    public static final int VERSION = 1;
}
