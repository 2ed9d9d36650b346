package org.thatdam.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thatdam.model.Derivative;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.library.AssetViews;
import org.thatdam.core.process.ConsoleRequest;
import org.thatdam.core.process.ModuleOutputs;
import org.thatdam.core.process.MotionRequest;
import org.thatdam.core.process.TrimRequest;
import org.thatdam.media.MediaException;
import org.thatdam.media.console.RejectedArgumentException;

/** Processing modules (motion, idle trim, ffmpeg console) and the derivative files they make. */
final class ProcessingRoutes {

    static final int MAX_ARGS = 200;

    private ProcessingRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.post("/api/v1/assets/{id}/motion").tag("processing")
                .summary("Queue a motion analysis: segments, score timeline, peak stills, optionally a clip of the moving parts")
                .body("MotionRequest").returns(202, "Job").handle(ctx -> {
                    long id = Params.id(ctx);
                    JsonNode b = Params.optionalBody(ctx);
                    Params.onlyFields(b, List.of("sensitivity", "minSegmentSec", "peakFrames", "clip"));
                    MotionRequest d = MotionRequest.defaults();
                    long job = dam.motion().request(id, new MotionRequest(Params.number(b, "sensitivity", d.sensitivity()),
                            Params.number(b, "minSegmentSec", d.minSegmentSec()), Params.wholeNumber(b, "peakFrames", d.peakFrames()),
                            Params.bool(b, "clip", d.clip())));
                    accepted(ctx, dam, job);
                });
        api.get("/api/v1/assets/{id}/motion").tag("processing").summary("The last motion analysis of the asset")
                .returns(200, "MotionReport").handle(ctx -> {
                    long id = AssetRoutes.details(dam, ctx).asset().id();
                    ctx.json(dam.motion().latest(id).orElseThrow(() -> new ApiError(404, "not_found",
                            "asset " + id + " has no motion analysis yet")));
                });
        api.post("/api/v1/assets/{id}/trim-idle").tag("processing")
                .summary("Queue an idle trim (or with dryRun only find the ranges); the result is a derivative")
                .body("TrimRequest").returns(202, "Job").handle(ctx -> {
                    long id = Params.id(ctx);
                    JsonNode b = Params.optionalBody(ctx);
                    Params.onlyFields(b, List.of("noiseDb", "minIdleSec", "padSec", "silence", "dryRun"));
                    TrimRequest d = TrimRequest.defaults();
                    long job = dam.idleTrim().request(id, new TrimRequest(Params.number(b, "noiseDb", d.noiseDb()),
                            Params.number(b, "minIdleSec", d.minIdleSec()), Params.number(b, "padSec", d.padSec()),
                            Params.bool(b, "silence", d.silence()), Params.bool(b, "dryRun", false)));
                    accepted(ctx, dam, job);
                });
        api.get("/api/v1/assets/{id}/trim-idle").tag("processing").summary("The last idle trim or dry run of the asset")
                .returns(200, "TrimReport").handle(ctx -> {
                    long id = AssetRoutes.details(dam, ctx).asset().id();
                    ctx.json(dam.idleTrim().latest(id).orElseThrow(() -> new ApiError(404, "not_found",
                            "asset " + id + " has no idle trim yet")));
                });

        api.get("/api/v1/assets/{id}/derivatives").tag("files")
                .summary("Every file made from the asset, with its download URL and whether it may be deleted")
                .handle(ctx -> {
                    AssetDetails d = AssetRoutes.details(dam, ctx);
                    ctx.json(d.derivatives().stream().map(dv -> view(d, dv)).toList());
                });
        api.get("/api/v1/assets/{id}/derivatives/{kind}").tag("files").summary("Download one derivative file")
                .produces("application/octet-stream").handle(ctx -> {
                    AssetDetails d = AssetRoutes.details(dam, ctx);
                    Derivative dv = d.derivative(kind(ctx)).orElseThrow(() -> new ApiError(404, "not_found",
                            "asset " + d.asset().id() + " has no derivative '" + kind(ctx) + "'"));
                    var file = dam.assets().path(d, dv);
                    ctx.header("Content-Disposition", "attachment; filename*=UTF-8''" + java.net.URLEncoder.encode(
                            downloadName(d, dv, file.getFileName().toString()), StandardCharsets.UTF_8).replace("+", "%20"));
                    FileResponder.send(ctx, file, dv.mime());
                });
        api.delete("/api/v1/assets/{id}/derivatives/{kind}").tag("files")
                .summary("Delete a processing output (posters, sprites and proxies are regenerated, not deleted)")
                .returns(204, null).handle(ctx -> {
                    long id = AssetRoutes.details(dam, ctx).asset().id();
                    String kind = kind(ctx);
                    if (!ModuleOutputs.isModuleOutput(kind)) {
                        throw new ApiError(409, "conflict", "'" + kind + "' is not a processing output; use regenerate to make it again");
                    }
                    dam.moduleOutputs().delete(id, kind);
                    ctx.status(204);
                });

        api.get("/api/v1/ffmpeg/presets").tag("ffmpeg").summary("The ffmpeg console's presets and their parameters")
                .handle(ctx -> ctx.json(dam.console().presets()));
        api.post("/api/v1/assets/{id}/ffmpeg").tag("ffmpeg")
                .summary("Run ffmpeg on the asset: a preset with params, or custom arguments as a token list ({{input}}, {{output.EXT}})")
                .body("ConsoleRequest").returns(202, "ConsoleRun").handle(ctx -> {
                    long id = Params.id(ctx);
                    JsonNode b = Params.body(ctx);
                    Params.onlyFields(b, List.of("preset", "params", "args"));
                    ConsoleRequest request;
                    try {
                        request = new ConsoleRequest(Params.field(b, "preset", false), stringMap(b.get("params")),
                                stringList(b.get("args")));
                        ctx.status(202).json(dam.console().submit(id, request));
                    } catch (RejectedArgumentException e) {
                        Map<String, Object> err = new LinkedHashMap<>();
                        err.put("code", "rejected_argument");
                        err.put("message", e.getMessage());
                        err.put("index", e.index());
                        err.put("token", e.token());
                        err.put("reason", e.reason());
                        ctx.status(400).json(Map.of("error", err));
                    } catch (MediaException e) {
                        throw new ApiError(422, "invalid", e.getMessage()); // unknown preset, bad parameter value
                    }
                });
        api.get("/api/v1/ffmpeg/runs").tag("ffmpeg").summary("History of ffmpeg runs, newest first")
                .query("asset", "integer", "only runs on this asset").query("limit", "integer", "1..1000, default 50")
                .handle(ctx -> {
                    String asset = ctx.queryParam("asset");
                    Long assetId = null;
                    if (asset != null && !asset.isBlank()) {
                        if (!asset.strip().matches("\\d{1,18}")) throw new ApiError(400, "bad_request", "asset must be an asset id");
                        assetId = Long.parseLong(asset.strip());
                    }
                    ctx.json(dam.console().history(assetId, Params.integer(ctx, "limit", 50, 1, DamServer.MAX_LIMIT)));
                });
        api.get("/api/v1/ffmpeg/runs/{id}").tag("ffmpeg").summary("One ffmpeg run").returns(200, "ConsoleRun")
                .handle(ctx -> ctx.json(dam.console().run(Params.id(ctx))));
        api.post("/api/v1/ffmpeg/runs/{id}/cancel").tag("ffmpeg").summary("Stop a queued or running ffmpeg run")
                .returns(200, "ConsoleRun").handle(ctx -> {
                    long id = Params.id(ctx);
                    if (!dam.console().cancel(id)) {
                        throw new ApiError(409, "conflict", "ffmpeg run " + id + " already ended (" + dam.console().run(id).state() + ")");
                    }
                    ctx.json(dam.console().run(id));
                });
    }

    private static void accepted(io.javalin.http.Context ctx, Dam dam, long jobId) {
        ctx.status(202).json(AssetViews.job(dam.jobs().find(jobId)));
    }

    /** Processing requests may leave the body out for all defaults. */
    private static String kind(io.javalin.http.Context ctx) {
        String k = ctx.pathParam("kind");
        if (!k.matches("[a-z0-9][a-z0-9-]{0,63}")) throw new ApiError(400, "bad_request", "invalid derivative kind '" + Params.abbreviate(k) + "'");
        return k;
    }

    private static Map<String, Object> view(AssetDetails d, Derivative dv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", dv.kind());
        m.put("mime", dv.mime());
        m.put("sizeBytes", dv.sizeBytes());
        m.put("width", dv.width());
        m.put("height", dv.height());
        m.put("detail", dv.detail());
        m.put("createdAt", dv.createdAt());
        m.put("stale", d.asset().currentVersionId() == null || dv.versionId() != d.asset().currentVersionId());
        m.put("deletable", ModuleOutputs.isModuleOutput(dv.kind()));
        m.put("url", "/api/v1/assets/" + d.asset().id() + "/derivatives/" + dv.kind());
        return m;
    }

    /** "clip-motion-clip.mp4": the asset's title without its extension, the kind, the file's extension. */
    static String downloadName(AssetDetails d, Derivative dv, String fileName) {
        String title = d.asset().title() == null ? "asset-" + d.asset().id() : d.asset().title();
        int dot = title.lastIndexOf('.');
        if (dot > 0) title = title.substring(0, dot);
        int ext = fileName.lastIndexOf('.');
        String clean = title.replaceAll("[^\\p{L}\\p{N} ._-]", "_");
        return clean + "-" + dv.kind() + (ext >= 0 ? fileName.substring(ext) : "");
    }

    private static Map<String, String> stringMap(JsonNode n) {
        if (n == null || n.isNull()) return Map.of();
        if (!n.isObject()) throw new ApiError(422, "invalid", "'params' must be an object of strings");
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new ApiError(422, "invalid", "params." + Params.abbreviate(e.getKey()) + " must be a string or number");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static List<String> stringList(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (!n.isArray()) throw new ApiError(422, "invalid", "'args' must be an array of strings (one per token; there is no shell)");
        if (n.size() > MAX_ARGS) throw new ApiError(422, "invalid", "'args' has more than " + MAX_ARGS + " tokens");
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isTextual()) throw new ApiError(422, "invalid", "'args' must be an array of strings");
            out.add(x.asText());
        }
        return out;
    }
}
