package org.thatdam.server;

import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.model.Role;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.SceneView;
import org.thatdam.server.api.ScenesView;

/** A video's scenes, beats and keyframes, and analysing it again. */
final class SceneRoutes {

    private SceneRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/assets/{id}/scenes", "listScenes").role(Role.VIEWER).tag("scenes")
                .summary("The video's scenes (shots between cuts), each with its beats, keyframe URLs and on-screen text")
                .returns(200, ScenesView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    var tree = dam.scenes().tree(id);
                    var texts = dam.ocr().texts(id);
                    ctx.json(new ScenesView(id, tree.stream().map(n -> SceneView.of(n, texts)).toList()));
                });
        api.post("/api/v1/assets/{id}/scenes", "analyseScenes").role(Role.EDITOR)
                .audit(AuditAction.DERIVATIVE_REGENERATE).tag("scenes")
                .summary("Queue a new analysis of the video's scenes; the result replaces the current one when done")
                .returns(202, JobView.class).handle(ctx -> {
                    long job = dam.scenes().analyse(Params.id(ctx), AccessPolicy.actor(ctx));
                    ctx.status(202).json(AssetRoutes.job(dam, job));
                });
        api.get("/api/v1/assets/{id}/scenes/{sceneId}/keyframe", "getSceneKeyframe").role(Role.VIEWER).tag("files")
                .summary("The keyframe JPEG of a scene or beat (320 px wide)")
                .download().produces("image/jpeg").handle(ctx -> {
                    long id = Params.id(ctx);
                    long sceneId = Params.id(ctx, "sceneId");
                    StoredFiles.send(ctx, dam, dam.scenes().keyframePath(id, sceneId), "image/jpeg",
                            "asset-" + id + ".scene-" + sceneId + ".jpg");
                });
    }
}
