package org.thatdam.server;

import org.thatdam.model.Role;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.model.DamException;
import org.thatdam.server.api.JobList;
import org.thatdam.server.api.JobView;

/** The job queue: list, inspect, retry, cancel. */
final class JobRoutes {

    private JobRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/jobs", "listJobs").role(Role.VIEWER).tag("jobs").summary("Jobs, newest first")
                .queryEnum("state", ApiRegistry.names(JobState::id, JobState.values()), null, "only jobs in this state")
                .queryInt("limit", 200, 1, DamServer.MAX_LIMIT, "how many")
                .returns(200, JobList.class).handle(ctx -> {
                    JobState st = Params.parsed(ctx, "state", JobState::parse);
                    int limit = Params.integer(ctx, "limit", 200, 1, DamServer.MAX_LIMIT);
                    ctx.json(JobList.of(dam.jobs().counts(), dam.jobs().list(st, limit)));
                });
        api.get("/api/v1/jobs/{id}", "getJob").role(Role.VIEWER).tag("jobs").summary("One job").returns(200, JobView.class)
                .handle(ctx -> ctx.json(JobView.of(dam.jobs().find(Params.id(ctx)))));
        api.post("/api/v1/jobs/{id}/retry", "retryJob").role(Role.EDITOR).audit(AuditAction.JOB_RETRY).tag("jobs").summary("Queue a failed or cancelled job again").returns(200, JobView.class)
                .handle(ctx -> ctx.json(JobView.of(dam.jobs().retry(Params.id(ctx), AccessPolicy.actor(ctx)))));
        api.post("/api/v1/jobs/{id}/cancel", "cancelJob").role(Role.EDITOR).audit(AuditAction.JOB_CANCEL).tag("jobs").summary("Cancel a queued or running job (its ffmpeg is stopped)")
                .returns(200, JobView.class).handle(ctx -> ctx.json(JobView.of(dam.jobs().cancel(Params.id(ctx), AccessPolicy.actor(ctx)))));
    }
}
