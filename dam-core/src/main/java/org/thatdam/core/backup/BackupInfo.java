package org.thatdam.core.backup;

import java.time.Instant;

/** One complete snapshot found in a backup folder. */
public record BackupInfo(String name, String path, Instant created, long sizeBytes, long assets, int schemaVersion,
                         boolean derivatives) {}
