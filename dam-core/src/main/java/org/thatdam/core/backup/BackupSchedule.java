package org.thatdam.core.backup;

import java.time.Instant;
import java.util.List;

/**
 * The server's scheduled backup ({@code backup.*}): where (null = none), at what local time
 * ({@code HH:MM}), how many are kept, whether derivatives are included, when it runs next (null
 * when not scheduled or not served), and the snapshots found in {@code dir}.
 */
public record BackupSchedule(String dir, String time, int keep, boolean derivatives, Instant nextRun, List<BackupInfo> backups) {}
