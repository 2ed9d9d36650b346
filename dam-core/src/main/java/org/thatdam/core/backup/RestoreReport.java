package org.thatdam.core.backup;

import java.util.List;

/**
 * What a restore made: the snapshot restored into {@code home}, its assets (as indexed afresh),
 * the files checked against the backup's hash list, the library roots this machine does not have,
 * and the settings ("key = value") that came with the backup's configuration file: they apply from now on.
 */
public record RestoreReport(String snapshot, String home, long assets, long indexed, int filesChecked, int schemaVersion,
                            List<String> missingRoots, List<String> settingsFromBackup, long durationMs) {}
