package org.thatdam.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.thatdam.model.Role;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.Derivative;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.model.DamException;
import org.thatdam.server.api.AssetDetailsView;
import org.thatdam.server.api.AssetPage;
import org.thatdam.server.api.AssetPatchBody;
import org.thatdam.server.api.AssetSummary;
import org.thatdam.server.api.DownloadNames;
import org.thatdam.server.api.DownloadView;
import org.jspecify.annotations.Nullable;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.LocationView;
import org.thatdam.server.api.VersionView;
import org.thatdam.storage.FileNames;

/** Assets: list, details, edits, removal from the catalog, and their derivative files. */
final class AssetRoutes {

    /** Who may download originals (when the server serves them). */
    private static final Role ORIGINAL_ROLE = Role.EDITOR;

    private AssetRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/assets", "listAssets").role(Role.VIEWER).tag("assets").summary("List assets with filters and paging")
                .queryEnum("kind", ApiRegistry.names(AssetKind::id, AssetKind.values()), null, "only assets of this kind")
                .queryEnum("status", ApiRegistry.names(AssetStatus::id, AssetStatus.values()), null, "only assets in this state")
                .queryText("batch", 200, "batch name")
                .queryEnum("sort", ApiRegistry.names(s -> s.name().toLowerCase(java.util.Locale.ROOT), AssetQuery.Sort.values()),
                        "newest", "order")
                .queryInt("limit", 50, 1, DamServer.MAX_LIMIT, "page size").queryInt("offset", 0, 0, Integer.MAX_VALUE, "assets to skip")
                .returns(200, AssetPage.class).handle(ctx -> {
                    AssetQuery q = new AssetQuery(Params.text(ctx, "batch", 200),
                            Params.parsed(ctx, "kind", AssetKind::parse), Params.parsed(ctx, "status", AssetStatus::parse),
                            Params.parsed(ctx, "sort", s -> AssetQuery.Sort.valueOf(s.toUpperCase(java.util.Locale.ROOT))),
                            Params.integer(ctx, "limit", 50, 1, DamServer.MAX_LIMIT),
                            Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE));
                    ctx.json(new AssetPage(dam.assets().count(q), q.limit(), q.offset(),
                            dam.assets().list(q).stream().map(AssetSummary::of).toList()));
                });
        api.get("/api/v1/assets/{id}", "getAsset").role(Role.VIEWER).tag("assets").summary("One asset with metadata, streams, locations, versions, derivatives and jobs")
                .returns(200, AssetDetailsView.class).handle(ctx -> ctx.json(view(dam, details(dam, ctx), ctx)));
        api.patch("/api/v1/assets/{id}", "updateAsset").role(Role.EDITOR).audit(AuditAction.ASSET_EDIT).tag("assets").summary("Change title, batch (\"\" removes it), tags, description, rating (0–5), favourite, colour label (\"\" removes it) or custom field values")
                .body(AssetPatchBody.class).returns(200, AssetDetailsView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    AssetPatchBody patch = Bodies.required(ctx, AssetPatchBody.class);
                    ctx.json(view(dam, dam.assets().update(id, patch.toPatch(), AccessPolicy.actor(ctx)), ctx));
                });
        api.delete("/api/v1/assets/{id}", "deleteAsset").role(Role.EDITOR).audit(AuditAction.ASSET_FORGET).tag("assets")
                .summary("Forget the asset (catalog rows and derivatives). Its files are never deleted.")
                .returnsNothing(204).handle(ctx -> {
                    dam.assets().delete(Params.id(ctx), AccessPolicy.actor(ctx));
                    ctx.status(204);
                });
        api.get("/api/v1/assets/{id}/versions", "listAssetVersions").role(Role.VIEWER).tag("assets").summary("Content versions, newest first")
                .returnsList(200, VersionView.class).handle(ctx ->
                        ctx.json(details(dam, ctx).versions().stream().map(VersionView::of).toList()));
        api.get("/api/v1/assets/{id}/locations", "listAssetLocations").role(Role.VIEWER).tag("assets").summary("Where the asset's files are")
                .returnsList(200, LocationView.class).handle(ctx ->
                        ctx.json(details(dam, ctx).locations().stream().map(LocationView::of).toList()));
        api.post("/api/v1/assets/{id}/regenerate", "regenerateDerivative").role(Role.EDITOR)
                .audit(AuditAction.DERIVATIVE_REGENERATE).tag("assets").summary("Queue a derivative file again")
                .requiredEnum("kind", ApiRegistry.names(JobKind::id, REGENERABLE), "the derivative to make again")
                .returns(202, JobView.class).handle(ctx -> {
                    long id = Params.id(ctx);
                    JobKind kind = Params.parsed(ctx, "kind", JobKind::parse);
                    long jobId = dam.jobs().enqueue(kind, id, AccessPolicy.actor(ctx));
                    ctx.status(202).json(job(dam, jobId));
                });

        api.get("/api/v1/assets/{id}/poster", "getPoster").role(Role.VIEWER).tag("files").summary("Poster JPEG")
                .queryEnum("size", List.of("small", "large"), "small", "small (320 px) or large (1280 px)")
                // the dashboard adds a changing value after a regeneration to get the new file past its cache
                .queryText("v", 40, "ignored; a new value fetches past the browser's cache")
                .download().produces("image/jpeg").handle(ctx -> {
                    String size = Optional.ofNullable(Params.text(ctx, "size", 10)).map(String::strip).orElse("small")
                            .toLowerCase(java.util.Locale.ROOT);
                    send(ctx, dam, "poster-" + size, "poster");
                });
        api.get("/api/v1/assets/{id}/sprite.vtt", "getSpriteTrack").role(Role.VIEWER).tag("files").summary("WebVTT trickplay track; cues point at sprites/{n}.jpg")
                .download().produces("text/vtt").handle(ctx -> {
                    AssetDetails d = details(dam, ctx);
                    Derivative dv = d.derivative("sprite").orElseThrow(() -> noDerivative(d, JobKind.SPRITE, "sprite"));
                    Path vtt = dam.assets().path(d, dv);
                    // Sheets are files next to the VTT; over HTTP they live under sprites/.
                    String body = StoredFiles.text(dam, dv.path()).replaceAll("(?m)^sprite-(\\d+)\\.jpg#", "sprites/$1.jpg#");
                    ctx.header("Content-Disposition", Disposition.header(Disposition.attachment(ctx),
                            DownloadNames.of(d).derivative(dv, vtt)));
                    ctx.header("Cache-Control", "private, no-cache").contentType("text/vtt; charset=utf-8").result(body);
                });
        api.get("/api/v1/assets/{id}/sprites/{file}", "getSpriteSheet").role(Role.VIEWER).tag("files").summary("One sprite sheet, e.g. 0.jpg")
                .download().produces("image/jpeg").handle(ctx -> {
                    String file = ctx.pathParam("file");
                    if (!file.matches("\\d{1,4}\\.jpg")) throw DamException.badRequest("sheet must look like 0.jpg");
                    AssetDetails d = details(dam, ctx);
                    Derivative dv = d.derivative("sprite").orElseThrow(() -> noDerivative(d, JobKind.SPRITE, "sprite"));
                    int n = Integer.parseInt(file.substring(0, file.length() - 4));
                    Path sheet = dam.assets().path(d, dv).resolveSibling("sprite-" + n + ".jpg");
                    StoredFiles.send(ctx, dam, dam.derivatives().relative(sheet), "image/jpeg", DownloadNames.of(d).spriteSheet(n));
                });
        api.get("/api/v1/assets/{id}/proxy", "getProxy").role(Role.VIEWER).tag("files").summary("Browser-playable video/audio, with Range support")
                .download().produces("video/mp4").produces("audio/mp4").handle(ctx -> send(ctx, dam, "proxy", "proxy"));
        api.get("/api/v1/assets/{id}/original", "getOriginal").role(ORIGINAL_ROLE).tag("files").summary("The original file (only when server.serve-originals = true)")
                .download().produces("application/octet-stream").handle(ctx -> {
                    Path p = original(dam, details(dam, ctx));
                    FileResponder.send(ctx, p, "application/octet-stream", DownloadNames.original(p));
                });
    }

    /** The original file that may be served now (the route's rules), or the error that says why not. */
    private static Path original(Dam dam, AssetDetails d) {
        if (!dam.config().serveOriginals()) {
            throw DamException.forbidden("serving originals is switched off (server.serve-originals)");
        }
        var loc = d.locations().stream().filter(l -> !l.missing()).findFirst()
                .orElseThrow(() -> DamException.notFound("no file of this asset is present"));
        return dam.assets().servableOriginal(FileNames.path(loc.path()));
    }

    /** The original as a download, when the caller may make it (the original route's own rules and role). */
    private static @Nullable DownloadView originalDownload(Dam dam, AssetDetails d, Context ctx) {
        if (!dam.config().serveOriginals() || !AccessPolicy.principal(ctx).role().includes(ORIGINAL_ROLE)) return null;
        try {
            Path p = original(dam, d);
            var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) return null;
            return new DownloadView("original", "Original", DownloadNames.original(p),
                    "/api/v1/assets/" + d.asset().id() + "/original?download=1", attrs.size());
        } catch (DamException | IOException e) {
            return null; // gone, or not served: not offered
        }
    }

    /** The asset's details with the files of its derivatives resolved. */
    static AssetDetailsView view(Dam dam, AssetDetails d) {
        return AssetDetailsView.of(d, dv -> dam.assets().path(d, dv));
    }

    /** The same, with what the caller of {@code ctx} may download (the original only when served and allowed). */
    static AssetDetailsView view(Dam dam, AssetDetails d, Context ctx) {
        return AssetDetailsView.of(d, dv -> dam.assets().path(d, dv), originalDownload(dam, d, ctx));
    }

    /** A job as answered when it was queued. */
    static JobView job(Dam dam, long jobId) {
        return JobView.of(dam.jobs().find(jobId));
    }

    static AssetDetails details(Dam dam, Context ctx) {
        long id = Params.id(ctx);
        return dam.assets().details(id).orElseThrow(() -> DamException.notFound("no asset with id " + id));
    }

    /** The derivative kinds that can be made again on request: files made from the media. */
    static final JobKind[] REGENERABLE = java.util.Arrays.stream(JobKind.values())
            .filter(k -> k.derivative() && k.writesFiles()).toArray(JobKind[]::new);

    private static void send(Context ctx, Dam dam, String derivative, String what) throws IOException {
        send(ctx, dam, details(dam, ctx), derivative, what);
    }

    /** Sends a derivative file of {@code d} (a poster size, "proxy"), or a 404 that says why it has none. */
    static void send(Context ctx, Dam dam, AssetDetails d, String derivative, String what) throws IOException {
        JobKind maker = JobKind.parse(what);
        Derivative dv = d.derivative(derivative).orElseThrow(() -> noDerivative(d, maker, what));
        StoredFiles.send(ctx, dam, d, dv);
    }

    /** "has no proxy yet" while one can still be made; "never has a sprite" for a kind of media that gets none. */
    static DamException noDerivative(AssetDetails d, JobKind maker, String what) {
        var kind = d.asset().kind();
        if (!maker.plannedFor(kind)) {
            String noun = switch (kind) {
                case VIDEO -> "video";
                case AUDIO -> "audio file";
                case IMAGE -> "image";
                case OTHER -> "file that is not media";
            };
            return DamException.notFound("asset " + d.asset().id() + " is " + article(noun) + " " + noun + ": "
                    + (kind == AssetKind.OTHER ? "such files" : noun + "s") + " never have a " + what);
        }
        return DamException.notFound("asset " + d.asset().id() + " has no " + what + " yet");
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }
}
