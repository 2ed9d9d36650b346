package org.thatdam.server;

import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.model.DamException;
import org.thatdam.model.Job;
import org.thatdam.model.Role;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.VerifyBody;
import org.thatdam.server.api.VerifyResultView;
import org.thatdam.server.api.VerifyView;

/** Verification of a folder against its ASC MHL history, as a job. */
final class VerifyRoutes {

    private VerifyRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.post("/api/v1/verify", "requestVerify").role(Role.EDITOR).audit(AuditAction.VERIFY_START).tag("jobs")
                .summary("Queue a verification of a folder (in a library root, or the backup folder) against its ASC MHL history")
                .body(VerifyBody.class).returns(202, JobView.class).handle(ctx -> {
                    long job = dam.verify().request(Bodies.required(ctx, VerifyBody.class).path(), AccessPolicy.actor(ctx));
                    ctx.status(202).header("Location", "/api/v1/verify/" + job).json(AssetRoutes.job(dam, job));
                });
        api.get("/api/v1/verify/{id}", "getVerify").role(Role.VIEWER).tag("jobs")
                .summary("A verification job and, once it has run, the missing, changed and new files it found")
                .returns(200, VerifyView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    Job job = dam.jobs().find(id);
                    if (!job.kind().equals(JobKind.VERIFY.id())) throw DamException.notFound("job " + id + " is not a verification");
                    ctx.json(new VerifyView(JobView.of(job), dam.verify().result(id).map(VerifyResultView::of).orElse(null)));
                });
    }
}
