package org.thatdam.core.library;

import java.util.List;

/**
 * What a prune found and did. Prune never touches files: it only records which catalogued files
 * are gone (and, with purge, forgets them).
 */
public record PruneReport(boolean dryRun, boolean purge, long checked, long missingLocations, long missingAssets,
                          long restoredLocations, long purgedAssets, long purgedLocations, List<String> missingPaths) {}
