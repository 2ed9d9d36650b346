package org.thatdam.server;

import org.thatdam.model.JobGrouping;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.JobService;
import org.thatdam.model.JobState;
import org.thatdam.model.Role;
import org.thatdam.server.api.JobGroupsView;
import org.thatdam.server.api.JobList;
import org.thatdam.server.api.JobSummaryView;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.JobsCleared;

/** The job queue: summary, groups, list, inspect, retry, cancel, pause and resume, clear. */
final class JobRoutes {

    private JobRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/jobs", "listJobs").role(Role.VIEWER).tag("jobs").summary("Jobs, newest first")
                .queryEnum("state", ApiRegistry.names(JobState::id, JobState.values()), null, "only jobs in this state")
                .queryEnum("kind", ApiRegistry.names(JobKind::id, JobKind.values()), null, "only jobs of this kind")
                .queryInt("offset", 0, 0, JobService.MAX_LIST, "how many to skip (paging)")
                .queryInt("limit", 200, 1, DamServer.MAX_LIMIT, "how many")
                .returns(200, JobList.class).handle(ctx -> {
                    JobState st = Params.parsed(ctx, "state", JobState::parse);
                    JobKind kind = Params.parsed(ctx, "kind", JobKind::parse);
                    int offset = Params.integer(ctx, "offset", 0, 0, JobService.MAX_LIST);
                    int limit = Params.integer(ctx, "limit", 200, 1, DamServer.MAX_LIMIT);
                    ctx.json(JobList.of(dam.jobs().counts(), dam.jobs().list(st, kind, offset, limit)));
                });
        // Before /jobs/{id}, which would take "summary" for an id.
        api.get("/api/v1/jobs/summary", "jobSummary").role(Role.VIEWER).tag("jobs")
                .summary("The queue at a glance: paused or not, counts, progress of the pending work and its ETA")
                .returns(200, JobSummaryView.class).handle(ctx -> ctx.json(JobSummaryView.of(dam.jobs().summary())));
        api.get("/api/v1/jobs/groups", "jobGroups").role(Role.VIEWER).tag("jobs")
                .summary("Jobs grouped by asset or by kind, groups with failures first, then active ones")
                .queryEnum("by", ApiRegistry.names(JobGrouping::id, JobGrouping.values()), "asset", "what to group by")
                .queryInt("offset", 0, 0, JobService.MAX_LIST, "how many groups to skip (paging)")
                .queryInt("limit", 50, 1, JobService.MAX_GROUPS, "how many groups")
                .queryInt("per", 20, 1, JobService.MAX_GROUPS, "how many jobs to show in each group")
                .returns(200, JobGroupsView.class).handle(ctx -> {
                    JobGrouping by = Params.parsed(ctx, "by", JobGrouping::parse);
                    ctx.json(JobGroupsView.of(dam.jobs().groups(by == null ? JobGrouping.ASSET : by,
                            Params.integer(ctx, "offset", 0, 0, JobService.MAX_LIST),
                            Params.integer(ctx, "limit", 50, 1, JobService.MAX_GROUPS),
                            Params.integer(ctx, "per", 20, 1, JobService.MAX_GROUPS))));
                });
        api.post("/api/v1/jobs/pause", "pauseJobs").role(Role.EDITOR).audit(AuditAction.JOB_PAUSE).tag("jobs")
                .summary("Pause the queue: running jobs finish, no new one starts until resumed (kept across restarts)")
                .returns(200, JobSummaryView.class)
                .handle(ctx -> ctx.json(JobSummaryView.of(dam.jobs().pause(AccessPolicy.actor(ctx)))));
        api.post("/api/v1/jobs/resume", "resumeJobs").role(Role.EDITOR).audit(AuditAction.JOB_RESUME).tag("jobs")
                .summary("Resume a paused queue").returns(200, JobSummaryView.class)
                .handle(ctx -> ctx.json(JobSummaryView.of(dam.jobs().resume(AccessPolicy.actor(ctx)))));
        api.post("/api/v1/jobs/clear", "clearJobs").role(Role.EDITOR).audit(AuditAction.JOB_CLEAR).tag("jobs")
                .summary("Delete finished jobs (done, skipped, cancelled) or failed ones now")
                .requiredEnum("which", ApiRegistry.names(JobService.Clear::id, JobService.Clear.values()), "which jobs to delete")
                .returns(200, JobsCleared.class).handle(ctx -> {
                    JobService.Clear which = Params.parsed(ctx, "which", JobService.Clear::parse);
                    ctx.json(new JobsCleared(which.id(), dam.jobs().clear(which, AccessPolicy.actor(ctx))));
                });
        api.get("/api/v1/jobs/{id}", "getJob").role(Role.VIEWER).tag("jobs").summary("One job").returns(200, JobView.class)
                .handle(ctx -> ctx.json(JobView.of(dam.jobs().find(Params.id(ctx)))));
        api.post("/api/v1/jobs/{id}/retry", "retryJob").role(Role.EDITOR).audit(AuditAction.JOB_RETRY).tag("jobs").summary("Queue a failed or cancelled job again").returns(200, JobView.class)
                .handle(ctx -> ctx.json(JobView.of(dam.jobs().retry(Params.id(ctx), AccessPolicy.actor(ctx)))));
        api.post("/api/v1/jobs/{id}/cancel", "cancelJob").role(Role.EDITOR).audit(AuditAction.JOB_CANCEL).tag("jobs").summary("Cancel a queued or running job (its ffmpeg is stopped)")
                .returns(200, JobView.class).handle(ctx -> ctx.json(JobView.of(dam.jobs().cancel(Params.id(ctx), AccessPolicy.actor(ctx)))));
    }
}
