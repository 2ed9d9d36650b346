package org.thatdam.core.backup;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.core.config.DamConfig;
import org.thatdam.model.Actor;

/**
 * The daily backup while the server runs ({@code backup.dir}, {@code backup.time}, {@code backup.keep},
 * {@code backup.derivatives}). {@link #tick} is called often (every minute) and queues a backup job
 * once the next run time has come; time is the injected clock's, so tests move it instead of waiting.
 * A failed backup is a failed job (in the jobs list and the log); the next day tries again.
 */
public final class ScheduledBackup {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackup.class);

    private final BackupService backups;
    private final DamConfig.Backup settings;
    private final Clock clock;
    private final ZoneId zone;
    private Instant next;

    public ScheduledBackup(BackupService backups, DamConfig.Backup settings, Clock clock, ZoneId zone) {
        this.backups = backups;
        this.settings = settings;
        this.clock = clock;
        this.zone = zone;
        this.next = settings.dir().isPresent() ? nextRun(clock.instant(), settings.time(), zone) : null;
    }

    /** The first {@code time} of day (in {@code zone}) strictly after {@code after}. */
    public static Instant nextRun(Instant after, LocalTime time, ZoneId zone) {
        LocalDate day = after.atZone(zone).toLocalDate();
        ZonedDateTime at = ZonedDateTime.of(day, time, zone);
        while (!at.toInstant().isAfter(after)) {
            day = day.plusDays(1);
            at = ZonedDateTime.of(day, time, zone);
        }
        return at.toInstant();
    }

    /** When the next backup is queued; null when none is scheduled ({@code backup.dir} unset). */
    public synchronized Instant next() {
        return next;
    }

    /** Queues the backup when its time has come; returns the job id, or -1 when it was not due (or could not be queued). */
    public synchronized long tick() {
        if (next == null) return -1;
        Instant now = clock.instant();
        if (now.isBefore(next)) return -1;
        Instant due = next;
        next = nextRun(now, settings.time(), zone);
        try {
            if (backups.queuedSince(due)) {
                LOG.info("the scheduled backup of {} was queued by another node; the next one at {}", due, next);
                return -1;
            }
            long job = backups.enqueue(new BackupRequest(settings.dir().orElseThrow().toString(), settings.derivatives(), false,
                    settings.keep()), Actor.commandLine()); // the server itself: no user, no address
            LOG.info("scheduled backup to {} queued (job {}); the next one at {}", settings.dir().get(), job, next);
            return job;
        } catch (RuntimeException e) {
            LOG.warn("cannot queue the scheduled backup to {}: {}; the next try at {}", settings.dir().get(), e.getMessage(), next);
            return -1;
        }
    }
}
