package org.thatdam.core.library;

import java.util.List;

/**
 * What a prune found and did. Prune never touches files: it only records which catalogued files
 * are gone (and, with purge, forgets them). {@code unavailableRoots} are the roots left alone
 * because their folder is absent or empty (an unplugged drive): none of their files were checked.
 */
public record PruneReport(boolean dryRun, boolean purge, long checked, long missingLocations, long missingAssets,
                          long restoredLocations, long purgedAssets, long purgedLocations, List<String> missingPaths,
                          List<String> unavailableRoots) {}
