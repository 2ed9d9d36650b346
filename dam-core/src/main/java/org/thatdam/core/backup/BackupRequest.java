package org.thatdam.core.backup;

/**
 * One backup to make: into the backup folder {@code to}, with or without the derivatives and the
 * originals; {@code keep} (scheduled backups) deletes the oldest snapshots beyond that many once it succeeded.
 */
public record BackupRequest(String to, boolean derivatives, boolean originals, Integer keep) {

    public BackupRequest {
        if (keep != null && keep < 1) throw org.thatdam.model.DamException.invalid("keep must be at least 1");
    }
}
