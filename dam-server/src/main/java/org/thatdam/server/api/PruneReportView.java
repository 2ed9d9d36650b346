package org.thatdam.server.api;

import java.util.List;
import org.thatdam.core.library.PruneReport;

/**
 * What a prune found and did: files checked, gone and back; assets and locations forgotten (purge);
 * the first gone paths, and roots left alone because their folder is absent or empty.
 */
public record PruneReportView(boolean dryRun, boolean purge, long checked, long missingLocations, long missingAssets,
                              long restoredLocations, long purgedAssets, long purgedLocations, List<String> missingPaths,
                              List<String> unavailableRoots) {

    public static PruneReportView of(PruneReport r) {
        return new PruneReportView(r.dryRun(), r.purge(), r.checked(), r.missingLocations(), r.missingAssets(),
                r.restoredLocations(), r.purgedAssets(), r.purgedLocations(), r.missingPaths(), r.unavailableRoots());
    }
}
