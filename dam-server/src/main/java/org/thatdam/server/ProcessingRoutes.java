package org.thatdam.server;

import org.thatdam.model.Role;
import org.thatdam.model.Derivative;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.process.ConsoleRequest;
import org.thatdam.core.process.ModuleOutputs;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.server.api.ConsoleBody;
import org.thatdam.server.api.ConsoleRunView;
import org.thatdam.server.api.DerivativeView;
import org.thatdam.server.api.DownloadNames;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.MotionBody;
import org.thatdam.server.api.MotionReportView;
import org.thatdam.server.api.PresetView;
import org.thatdam.server.api.ErrorBody;
import org.thatdam.server.api.TrimBody;
import org.thatdam.server.api.TrimReportView;
import org.thatdam.media.MediaException;
import org.thatdam.media.console.RejectedArgumentException;

/** Processing modules (motion, idle trim, ffmpeg console) and the derivative files they make. */
final class ProcessingRoutes {

    private ProcessingRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.post("/api/v1/assets/{id}/motion", "requestMotion").role(Role.EDITOR).audit(AuditAction.PROCESSING_MOTION).tag("processing")
                .summary("Queue a motion analysis: segments, score timeline, peak stills, optionally a clip of the moving parts")
                .optionalBody(MotionBody.class).returns(202, JobView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    long job = dam.motion().request(id, Bodies.optional(ctx, MotionBody.class).toRequest(), AccessPolicy.actor(ctx));
                    ctx.status(202).json(AssetRoutes.job(dam, job));
                });
        api.get("/api/v1/assets/{id}/motion", "getMotion").role(Role.VIEWER).tag("processing").summary("The last motion analysis of the asset")
                .returns(200, MotionReportView.class).handle(ctx -> {
                    long id = AssetRoutes.details(dam, ctx).asset().id();
                    ctx.json(dam.motion().latest(id).map(MotionReportView::of).orElseThrow(() -> DamException.notFound("asset " + id + " has no motion analysis yet")));
                });
        api.post("/api/v1/assets/{id}/trim-idle", "requestIdleTrim").role(Role.EDITOR).audit(AuditAction.PROCESSING_TRIM).tag("processing")
                .summary("Queue an idle trim (or with dryRun only find the ranges); the result is a derivative")
                .optionalBody(TrimBody.class).returns(202, JobView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    long job = dam.idleTrim().request(id, Bodies.optional(ctx, TrimBody.class).toRequest(), AccessPolicy.actor(ctx));
                    ctx.status(202).json(AssetRoutes.job(dam, job));
                });
        api.get("/api/v1/assets/{id}/trim-idle", "getIdleTrim").role(Role.VIEWER).tag("processing").summary("The last idle trim or dry run of the asset")
                .returns(200, TrimReportView.class).handle(ctx -> {
                    long id = AssetRoutes.details(dam, ctx).asset().id();
                    ctx.json(dam.idleTrim().latest(id).map(TrimReportView::of).orElseThrow(() -> DamException.notFound("asset " + id + " has no idle trim yet")));
                });

        api.get("/api/v1/assets/{id}/derivatives", "listDerivatives").role(Role.VIEWER).tag("files")
                .summary("Every file made from the asset, with its download URL and whether it may be deleted")
                .returnsList(200, DerivativeView.class).handle(ctx ->
                        ctx.json(AssetRoutes.view(dam, AssetRoutes.details(dam, ctx)).derivatives()));
        api.get("/api/v1/assets/{id}/derivatives/{kind}", "getDerivative").role(Role.VIEWER).tag("files").summary("One derivative file")
                .download().produces("application/octet-stream").handle(ctx -> {
                    AssetDetails d = AssetRoutes.details(dam, ctx);
                    Derivative dv = d.derivative(kind(ctx)).orElseThrow(() -> DamException.notFound("asset " + d.asset().id() + " has no derivative '" + kind(ctx) + "'"));
                    StoredFiles.send(ctx, dam, d, dv);
                });
        api.delete("/api/v1/assets/{id}/derivatives/{kind}", "deleteDerivative").role(Role.EDITOR)
                .audit(AuditAction.DERIVATIVE_DELETE).tag("files")
                .summary("Delete a processing output (posters, sprites and proxies are regenerated, not deleted)")
                .returnsNothing(204).handle(ctx -> {
                    AssetDetails d = AssetRoutes.details(dam, ctx);
                    long id = d.asset().id();
                    String kind = kind(ctx);
                    if (d.derivative(kind).isEmpty()) {
                        throw DamException.notFound("asset " + id + " has no derivative '" + kind + "'");
                    }
                    if (!ModuleOutputs.isModuleOutput(kind)) {
                        throw DamException.conflict("'" + kind + "' is not a processing output; use regenerate to make it again");
                    }
                    dam.moduleOutputs().delete(id, kind, AccessPolicy.actor(ctx));
                    ctx.status(204);
                });

        api.get("/api/v1/ffmpeg/presets", "listPresets").role(Role.VIEWER).tag("ffmpeg").summary("The ffmpeg console's presets and their parameters")
                .returnsList(200, PresetView.class)
                .handle(ctx -> ctx.json(dam.console().presets().stream().map(PresetView::of).toList()));
        api.post("/api/v1/assets/{id}/ffmpeg", "runFfmpeg").role(Role.EDITOR).audit(AuditAction.PROCESSING_CONSOLE).tag("ffmpeg")
                .summary("Run ffmpeg on the asset: a preset with params, or custom arguments as a token list ({{input}}, {{output.EXT}})")
                .body(ConsoleBody.class).returns(202, ConsoleRunView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    ConsoleRequest request = Bodies.required(ctx, ConsoleBody.class).toRequest();
                    try {
                        ConsoleRunView run = ConsoleRunView.of(dam.console().submit(id, request, AccessPolicy.actor(ctx)));
                        ctx.status(202).json(run);
                    } catch (RejectedArgumentException e) {
                        // an ErrorBody naming the token (error.argument)
                        ctx.status(ErrorStatus.of(ErrorCode.INVALID)).json(ErrorBody.of(e));
                    } catch (MediaException e) {
                        if (e.code() != ErrorCode.BAD_MEDIA) throw e;
                        throw DamException.invalid(e.getMessage()); // unknown preset, bad parameter value
                    }
                });
        api.get("/api/v1/ffmpeg/runs", "listFfmpegRuns").role(Role.VIEWER).tag("ffmpeg").summary("History of ffmpeg runs, newest first")
                .queryId("asset", "only runs on this asset").queryInt("limit", 50, 1, DamServer.MAX_LIMIT, "how many")
                .returnsList(200, ConsoleRunView.class).handle(ctx -> {
                    String asset = ctx.queryParam("asset");
                    Long assetId = asset == null || asset.isBlank() ? null : Long.parseLong(asset.strip()); // checked by its schema
                    ctx.json(dam.console().history(assetId, Params.integer(ctx, "limit", 50, 1, DamServer.MAX_LIMIT))
                            .stream().map(ConsoleRunView::of).toList());
                });
        api.get("/api/v1/ffmpeg/runs/{id}", "getFfmpegRun").role(Role.VIEWER).tag("ffmpeg").summary("One ffmpeg run").returns(200, ConsoleRunView.class)
                .handle(ctx -> ctx.json(ConsoleRunView.of(dam.console().run(Params.id(ctx)))));
        api.post("/api/v1/ffmpeg/runs/{id}/cancel", "cancelFfmpegRun").role(Role.EDITOR)
                .audit(AuditAction.JOB_CANCEL).tag("ffmpeg").summary("Stop a queued or running ffmpeg run")
                .returns(200, ConsoleRunView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    if (!dam.console().cancel(id, AccessPolicy.actor(ctx))) {
                        throw DamException.conflict("ffmpeg run " + id + " already ended (" + dam.console().run(id).state() + ")");
                    }
                    ctx.json(ConsoleRunView.of(dam.console().run(id)));
                });
    }

    /** A derivative kind from the path. */
    private static String kind(io.javalin.http.Context ctx) {
        String k = ctx.pathParam("kind");
        if (!k.matches("[a-z0-9][a-z0-9-]{0,63}")) throw DamException.badRequest("invalid derivative kind '" + Params.abbreviate(k) + "'");
        return k;
    }
}
