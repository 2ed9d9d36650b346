package org.thatdam.server;

import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.model.DamException;
import org.thatdam.server.api.JobList;
import org.thatdam.server.api.JobView;

/** The job queue: list, inspect, retry, cancel. */
final class JobRoutes {

    private JobRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/jobs").tag("jobs").summary("Jobs, newest first")
                .query("state", "string", "queued, running, done, failed or cancelled").query("limit", "integer", "1..1000, default 200")
                .returns(200, JobList.class).handle(ctx -> {
                    JobState st = Params.parsed(ctx, "state", JobState::parse);
                    int limit = Params.integer(ctx, "limit", 200, 1, DamServer.MAX_LIMIT);
                    ctx.json(JobList.of(dam.catalog().read(s -> s.jobs().counts()), dam.catalog().read(s -> s.jobs().list(st, limit))));
                });
        api.get("/api/v1/jobs/{id}").tag("jobs").summary("One job").returns(200, JobView.class)
                .handle(ctx -> ctx.json(JobView.of(job(dam, Params.id(ctx)))));
        api.post("/api/v1/jobs/{id}/retry").tag("jobs").summary("Queue a failed or cancelled job again").returns(200, JobView.class)
                .handle(ctx -> {
                    long id = Params.id(ctx);
                    Job j = job(dam, id);
                    if (!dam.catalog().write(s -> s.jobs().retry(id, dam.clock().millis()))) {
                        throw DamException.conflict("job " + id + " is " + j.state().id()
                                + ": only failed or cancelled jobs can be retried");
                    }
                    dam.jobs().signal();
                    ctx.json(JobView.of(job(dam, id)));
                });
        api.post("/api/v1/jobs/{id}/cancel").tag("jobs").summary("Cancel a queued or running job (its ffmpeg is stopped)")
                .returns(200, JobView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    Job j = job(dam, id);
                    if (!dam.jobs().cancel(id)) {
                        throw DamException.conflict("job " + id + " already finished (" + j.state().id() + ")");
                    }
                    ctx.json(JobView.of(job(dam, id)));
                });
    }

    private static Job job(Dam dam, long id) {
        return dam.catalog().read(s -> s.jobs().find(id)).orElseThrow(() -> DamException.notFound("no job with id " + id));
    }
}
