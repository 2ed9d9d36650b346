package org.thatdam.server;

import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.backup.BackupRequest;
import org.thatdam.model.DamException;
import org.thatdam.model.Role;
import org.thatdam.server.api.BackupBody;
import org.thatdam.server.api.BackupsView;
import org.thatdam.server.api.JobView;

/** Backups of the library (admins): make one now as a job, see the schedule and the backups made. */
final class BackupRoutes {

    private BackupRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.post("/api/v1/backups", "startBackup").role(Role.ADMIN).audit(AuditAction.BACKUP).tag("backups")
                .summary("Back up the library now (catalog snapshot, configuration, derivatives, originals on request) as a job;"
                        + " the folder must be outside the library's folder and its roots")
                .optionalBody(BackupBody.class).returns(202, JobView.class).handle(ctx -> {
                    BackupBody b = Bodies.optional(ctx, BackupBody.class);
                    var settings = dam.config().backup();
                    String to = b.to() != null ? b.to() : settings.dir().map(Object::toString).orElseThrow(() -> DamException.invalid(
                            "say where to back up to ('to'): no scheduled backup folder (backup.dir) is set"));
                    long job = dam.backups().enqueue(new BackupRequest(to,
                            b.derivatives() != null ? b.derivatives() : settings.derivatives(),
                            Boolean.TRUE.equals(b.originals()), null), AccessPolicy.actor(ctx));
                    ctx.status(202).json(AssetRoutes.job(dam, job));
                });
        api.get("/api/v1/backups", "listBackups").role(Role.ADMIN).tag("backups")
                .summary("The scheduled backup (folder, time, how many are kept, next run) and the backups in its folder")
                .returns(200, BackupsView.class).handle(ctx -> ctx.json(BackupsView.of(dam.backups().schedule())));
    }
}
