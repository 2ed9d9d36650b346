package org.thatdam.server.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.backup.BackupInfo;
import org.thatdam.core.backup.BackupSchedule;

/**
 * The scheduled backup ({@code dir} null when none: {@code backup.dir} unset; {@code time} of day
 * HH:MM local; {@code nextRun} when it runs next) and the backups found in its folder, newest first.
 */
public record BackupsView(@Nullable String dir, String time, int keep, boolean derivatives, @Nullable Instant nextRun,
                          List<Backup> backups) {

    /** One snapshot: its folder name and path, when it was taken, its size on disk, its assets. */
    public record Backup(String name, String path, Instant created, long sizeBytes, long assets, int schemaVersion, boolean derivatives) {
        static Backup of(BackupInfo b) {
            return new Backup(b.name(), b.path(), b.created(), b.sizeBytes(), b.assets(), b.schemaVersion(), b.derivatives());
        }
    }

    public static BackupsView of(BackupSchedule s) {
        return new BackupsView(s.dir(), s.time(), s.keep(), s.derivatives(), s.nextRun(), s.backups().stream().map(Backup::of).toList());
    }
}
