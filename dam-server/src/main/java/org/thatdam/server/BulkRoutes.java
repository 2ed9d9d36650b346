package org.thatdam.server;

import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.model.DamException;
import org.thatdam.model.Job;
import org.thatdam.model.Role;
import org.thatdam.server.api.BulkBody;
import org.thatdam.server.api.BulkView;
import org.thatdam.server.api.JobView;

/**
 * Bulk actions on many assets, as a job. Every action needs an editor: the role that edits and
 * forgets one asset.
 */
final class BulkRoutes {

    private BulkRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.post("/api/v1/assets/bulk", "bulkAssets").role(Role.EDITOR).audit(AuditAction.ASSET_BULK).tag("assets")
                .summary("Act on many assets at once (add or remove tags, regenerate derivatives, run a preset, forget), "
                        + "given as ids or as a search query resolved when the job starts; at most 100000 assets")
                .body(BulkBody.class).returns(202, JobView.class).handle(ctx -> {
                    BulkBody body = Bodies.required(ctx, BulkBody.class);
                    // the collection by its id or its path, as the command line names it
                    Long collection = body.collection() == null ? null : dam.collections().resolve(body.collection()).id();
                    long job = dam.bulk().request(body.toRequest(collection), AccessPolicy.actor(ctx));
                    ctx.status(202).header("Location", "/api/v1/assets/bulk/" + job).json(AssetRoutes.job(dam, job));
                });
        api.get("/api/v1/assets/bulk/{id}", "getBulk").role(Role.VIEWER).tag("assets")
                .summary("A bulk job and, once it has run, its summary: done, skipped and failed assets with the reasons")
                .returns(200, BulkView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    Job job = dam.jobs().find(id);
                    if (!job.kind().equals(JobKind.BULK.id())) throw DamException.notFound("job " + id + " is not a bulk action");
                    ctx.json(new BulkView(JobView.of(job), BulkView.of(dam.bulk().summary(id).orElse(null))));
                });
    }
}
