package org.thatdam.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.Batch;
import org.thatdam.model.LibraryRoot;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetViews;
import org.thatdam.core.library.BatchService;
import org.thatdam.core.library.RootService;
import org.thatdam.core.library.NotFoundException;
import org.thatdam.core.library.PruneRequest;
import org.thatdam.core.scan.ScanService;
import org.thatdam.storage.FileNames;

/** Batches, library roots, scans, prune and statistics. */
final class LibraryRoutes {

    /** A root as added, with the scan of it that was started ({@code scanId} null when it already was a root). */
    record RootAdded(long id, String path, java.time.Instant addedAt, String scanId) {}

    private LibraryRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/stats").summary("Totals by kind, status, codec, batch and month").returns(200, "Stats")
                .handle(ctx -> ctx.json(dam.assets().stats()));
        api.get("/api/v1/timeline").summary("Assets per year, month or day of capture time")
                .query("by", "string", "year, month (default) or day")
                .query("from", "string", "first period: YYYY, YYYY-MM or YYYY-MM-DD (UTC)")
                .query("to", "string", "last period, included: YYYY, YYYY-MM or YYYY-MM-DD (UTC)")
                .returns(200, "Timeline")
                .handle(ctx -> ctx.json(dam.assets().timeline(Params.text(ctx, "by", 20),
                        Params.text(ctx, "from", 20), Params.text(ctx, "to", 20))));

        api.get("/api/v1/batches").tag("batches").summary("All batches with counts")
                .handle(ctx -> ctx.json(dam.batches().batches()));
        api.get("/api/v1/batches/{name}").tag("batches").summary("One batch with its assets")
                .query("limit", "integer", "1..1000, default 200").query("offset", "integer", "default 0")
                .handle(ctx -> {
                    String name = batchName(ctx.pathParam("name"));
                    Batch b = dam.batches().batch(name);
                    var q = new AssetQuery(name, null, null, AssetQuery.Sort.NAME,
                            Params.integer(ctx, "limit", 200, 1, DamServer.MAX_LIMIT), Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE));
                    ctx.json(Map.of("batch", b, "assets", dam.assets().list(q).stream().map(AssetViews::summary).toList()));
                });
        api.post("/api/v1/batches").tag("batches").summary("Scan a folder inside a library root and group everything under it")
                .body("BatchCreate").returns(201, "Batch").handle(ctx -> {
                    JsonNode b = Params.body(ctx);
                    Params.onlyFields(b, List.of("name", "folder"));
                    String name = BatchService.validBatchName(Params.field(b, "name", true));
                    Path folder = dam.scans().checkInsideRoot(Params.field(b, "folder", true));
                    dam.scanner().scan(List.of(folder), dam.scanOptions(Optional.of(name), null));
                    dam.batches().assignBatch(folder, name);
                    ctx.status(201).json(dam.batches().batch(name));
                });
        api.patch("/api/v1/batches/{name}").tag("batches").summary("Rename a batch").body("BatchRename").returns(200, "Batch")
                .handle(ctx -> {
                    String from = batchName(ctx.pathParam("name"));
                    JsonNode b = Params.body(ctx);
                    Params.onlyFields(b, List.of("name"));
                    String to = Params.field(b, "name", true);
                    dam.batches().renameBatch(from, to);
                    ctx.json(dam.batches().batch(to.strip()));
                });
        api.delete("/api/v1/batches/{name}").tag("batches").summary("Delete the grouping; assets and files stay")
                .returns(204, null).handle(ctx -> {
                    dam.batches().deleteBatch(batchName(ctx.pathParam("name")));
                    ctx.status(204);
                });

        api.get("/api/v1/roots").tag("roots").summary("Library roots").handle(ctx -> ctx.json(dam.roots().roots()));
        api.post("/api/v1/roots").tag("roots")
                .summary("Add a folder as a library root and start scanning it (201); an existing root is answered as is (200)")
                .body("RootCreate").returns(201, "RootAdded")
                .handle(ctx -> {
                    JsonNode b = Params.body(ctx);
                    Params.onlyFields(b, List.of("path"));
                    Path p = org.thatdam.storage.PathGuard.parseUserPath(Params.field(b, "path", true));
                    if (!p.isAbsolute()) throw new ApiError(422, "invalid", "give an absolute folder path");
                    boolean added = dam.roots().addRoot(p);
                    LibraryRoot root = dam.roots().root(p).orElseThrow();
                    String scanId = added ? dam.scans().start(List.of(FileNames.path(root.path())), ScanService.Trigger.API).id() : null;
                    ctx.status(added ? 201 : 200).json(new RootAdded(root.id(), root.path(), root.addedAt(), scanId));
                });
        api.delete("/api/v1/roots/{id}").tag("roots").summary("Stop scanning a root; its assets stay").returns(204, null)
                .handle(ctx -> {
                    long id = Params.id(ctx);
                    var root = dam.roots().roots().stream().filter(r -> r.id() == id).findFirst()
                            .orElseThrow(() -> new NotFoundException("no library root with id " + id));
                    dam.roots().removeRoot(FileNames.path(root.path()));
                    dam.scans().rootsRemoved();
                    ctx.status(204);
                });

        api.post("/api/v1/prune").tag("roots")
                .summary("Find catalogued files that are gone: report (dryRun, the default), mark them missing, or forget them (purge)")
                .body("PruneRequest").returns(200, "PruneReport").handle(ctx -> {
                    JsonNode b = Params.optionalBody(ctx);
                    Params.onlyFields(b, List.of("dryRun", "purge"));
                    PruneRequest d = PruneRequest.defaults();
                    PruneRequest r = new PruneRequest(Params.bool(b, "dryRun", d.dryRun()), Params.bool(b, "purge", d.purge()));
                    ctx.json(dam.roots().prune(r.dryRun(), r.purge()));
                });

        api.post("/api/v1/scans").tag("scans").summary("Start a background scan of all roots, or of one folder inside a root")
                .body("ScanRequest").returns(202, "ScanStatus").handle(ctx -> {
                    JsonNode b = Params.optionalBody(ctx);
                    Params.onlyFields(b, List.of("path"));
                    String raw = Params.field(b, "path", false);
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
