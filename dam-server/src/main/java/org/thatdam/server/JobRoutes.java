package org.thatdam.server;

import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetViews;

/** The job queue: list, inspect, retry, cancel. */
final class JobRoutes {

    private JobRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/jobs").tag("jobs").summary("Jobs, newest first")
                .query("state", "string", "queued, running, done, failed or cancelled").query("limit", "integer", "1..1000, default 200")
                .handle(ctx -> {
                    JobState st = Params.parsed(ctx, "state", JobState::parse);
                    int limit = Params.integer(ctx, "limit", 200, 1, DamServer.MAX_LIMIT);
                    ctx.json(java.util.Map.of("counts", dam.catalog().read(s -> s.jobs().counts()),
                            "items", dam.catalog().read(s -> s.jobs().list(st, limit)).stream().map(AssetViews::job).toList()));
                });
        api.get("/api/v1/jobs/{id}").tag("jobs").summary("One job").returns(200, "Job")
                .handle(ctx -> ctx.json(AssetViews.job(job(dam, Params.id(ctx)))));
        api.post("/api/v1/jobs/{id}/retry").tag("jobs").summary("Queue a failed or cancelled job again").returns(200, "Job")
                .handle(ctx -> {
                    long id = Params.id(ctx);
                    Job j = job(dam, id);
                    if (!dam.catalog().write(s -> s.jobs().retry(id, dam.clock().millis()))) {
                        throw new ApiError(409, "conflict", "job " + id + " is " + j.state().id()
                                + ": only failed or cancelled jobs can be retried");
                    }
                    dam.jobs().signal();
                    ctx.json(AssetViews.job(job(dam, id)));
                });
        api.post("/api/v1/jobs/{id}/cancel").tag("jobs").summary("Cancel a queued or running job (its ffmpeg is stopped)")
                .returns(200, "Job").handle(ctx -> {
                    long id = Params.id(ctx);
                    Job j = job(dam, id);
                    if (!dam.jobs().cancel(id)) {
                        throw new ApiError(409, "conflict", "job " + id + " already finished (" + j.state().id() + ")");
                    }
                    ctx.json(AssetViews.job(job(dam, id)));
                });
    }

    private static Job job(Dam dam, long id) {
        return dam.catalog().read(s -> s.jobs().find(id)).orElseThrow(() -> new ApiError(404, "not_found", "no job with id " + id));
    }
}
