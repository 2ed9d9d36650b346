package org.thatdam.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.catalog.model.AssetQuery;
import org.thatdam.catalog.model.Batch;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetViews;
import org.thatdam.core.library.LibraryService;
import org.thatdam.core.library.NotFoundException;
import org.thatdam.core.scan.ScanService;

/** Batches, library roots, scans and statistics. */
final class LibraryRoutes {

    private LibraryRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/stats").summary("Totals by kind, status, codec, batch and month").returns(200, "Stats")
                .handle(ctx -> ctx.json(dam.library().stats()));

        api.get("/api/v1/batches").tag("batches").summary("All batches with counts")
                .handle(ctx -> ctx.json(dam.library().batches()));
        api.get("/api/v1/batches/{name}").tag("batches").summary("One batch with its assets")
                .query("limit", "integer", "1..1000, default 200").query("offset", "integer", "default 0")
                .handle(ctx -> {
                    String name = batchName(ctx.pathParam("name"));
                    Batch b = dam.library().batch(name);
                    var q = new AssetQuery(name, null, null, AssetQuery.Sort.NAME,
                            Params.integer(ctx, "limit", 200, 1, DamServer.MAX_LIMIT), Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE));
                    ctx.json(Map.of("batch", b, "assets", dam.library().list(q).stream().map(AssetViews::summary).toList()));
                });
        api.post("/api/v1/batches").tag("batches").summary("Scan a folder inside a library root and group everything under it")
                .body("BatchCreate").returns(201, "Batch").handle(ctx -> {
                    JsonNode b = Params.body(ctx);
                    String name = LibraryService.validBatchName(Params.field(b, "name", true));
                    Path folder = dam.scans().checkInsideRoot(Params.field(b, "folder", true));
                    dam.scanner().scan(List.of(folder), dam.scanOptions(Optional.of(name), null));
                    dam.library().assignBatch(folder, name);
                    ctx.status(201).json(dam.library().batch(name));
                });
        api.patch("/api/v1/batches/{name}").tag("batches").summary("Rename a batch").body("BatchRename").returns(200, "Batch")
                .handle(ctx -> {
                    String from = batchName(ctx.pathParam("name"));
                    String to = Params.field(Params.body(ctx), "name", true);
                    dam.library().renameBatch(from, to);
                    ctx.json(dam.library().batch(to.strip()));
                });
        api.delete("/api/v1/batches/{name}").tag("batches").summary("Delete the grouping; assets and files stay")
                .returns(204, null).handle(ctx -> {
                    dam.library().deleteBatch(batchName(ctx.pathParam("name")));
                    ctx.status(204);
                });

        api.get("/api/v1/roots").tag("roots").summary("Library roots").handle(ctx -> ctx.json(dam.library().roots()));
        api.post("/api/v1/roots").tag("roots").summary("Add a folder as a library root").body("RootCreate").returns(201, "Root")
                .handle(ctx -> {
                    String raw = Params.field(Params.body(ctx), "path", true);
                    Path p = org.thatdam.storage.PathGuard.parseUserPath(raw);
                    if (!p.isAbsolute()) throw new ApiError(422, "invalid", "give an absolute folder path");
                    dam.library().addRoot(p);
                    Path real = LibraryService.realDirectory(p);
                    ctx.status(201).json(dam.library().roots().stream().filter(r -> r.path().equals(real.toString()))
                            .findFirst().orElseThrow());
                });
        api.delete("/api/v1/roots/{id}").tag("roots").summary("Stop scanning a root; its assets stay").returns(204, null)
                .handle(ctx -> {
                    long id = Params.id(ctx);
                    var root = dam.library().roots().stream().filter(r -> r.id() == id).findFirst()
                            .orElseThrow(() -> new NotFoundException("no library root with id " + id));
                    dam.library().removeRoot(Path.of(root.path()));
                    ctx.status(204);
                });

        api.post("/api/v1/scans").tag("scans").summary("Start a background scan of all roots, or of one folder inside a root")
                .body("ScanRequest").returns(202, "ScanStatus").handle(ctx -> {
                    String raw = ctx.body().isBlank() ? null : Params.field(Params.body(ctx), "path", false);
                    List<Path> paths = raw == null ? List.of() : List.of(dam.scans().checkInsideRoot(raw));
                    ScanService.Status s = dam.scans().start(paths, ScanService.Trigger.API);
                    ctx.status(202).header("Location", "/api/v1/scans/" + s.id()).json(s);
                });
        api.get("/api/v1/scans").tag("scans").summary("Recent scans, newest first").handle(ctx -> ctx.json(dam.scans().recent()));
        api.get("/api/v1/scans/{scanId}").tag("scans").summary("One scan's state, live progress and report").returns(200, "ScanStatus")
                .handle(ctx -> ctx.json(dam.scans().status(ctx.pathParam("scanId"))
                        .orElseThrow(() -> new NotFoundException("no scan with id " + Params.abbreviate(ctx.pathParam("scanId"))))));
    }

    private static String batchName(String raw) {
        if (raw.length() > 200 || raw.chars().anyMatch(c -> c < 0x20)) {
            throw new ApiError(400, "bad_request", "invalid batch name");
        }
        return raw;
    }
}
