package org.thatdam.server;

import java.nio.file.Path;
import java.util.List;
import org.thatdam.model.Role;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.Batch;
import org.thatdam.model.LibraryRoot;
import org.thatdam.model.Timeline;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.model.DamException;
import org.thatdam.core.library.PruneRequest;
import org.thatdam.core.scan.ScanService;
import org.thatdam.server.api.AssetSummary;
import org.thatdam.server.api.BatchCreateBody;
import org.thatdam.server.api.BatchPage;
import org.thatdam.server.api.BatchRenameBody;
import org.thatdam.server.api.BatchView;
import org.thatdam.server.api.PruneBody;
import org.thatdam.server.api.PruneReportView;
import org.thatdam.server.api.RootAdded;
import org.thatdam.server.api.RootBody;
import org.thatdam.server.api.RootView;
import org.thatdam.server.api.ScanBody;
import org.thatdam.server.api.ScanStatus;
import org.thatdam.server.api.StatsView;
import org.thatdam.server.api.TimelineView;
import org.thatdam.storage.FileNames;

/** Batches, library roots, scans, prune and statistics. */
final class LibraryRoutes {

    private LibraryRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/stats", "getStats").role(Role.VIEWER).summary("Totals by kind, status, codec, batch and month").returns(200, StatsView.class)
                .handle(ctx -> ctx.json(StatsView.of(dam.assets().stats())));
        api.get("/api/v1/timeline", "getTimeline").role(Role.VIEWER).summary("Assets per year, month or day of capture time")
                .queryEnum("by", ApiRegistry.names(Timeline.By::id, Timeline.By.values()), "month", "period length")
                .queryText("from", 20, "first period: YYYY, YYYY-MM or YYYY-MM-DD (UTC)")
                .queryText("to", 20, "last period, included: YYYY, YYYY-MM or YYYY-MM-DD (UTC)")
                .returns(200, TimelineView.class)
                .handle(ctx -> ctx.json(TimelineView.of(dam.assets().timeline(Params.text(ctx, "by", 20),
                        Params.text(ctx, "from", 20), Params.text(ctx, "to", 20)))));

        api.get("/api/v1/batches", "listBatches").role(Role.VIEWER).tag("batches").summary("All batches with counts")
                .returnsList(200, BatchView.class).handle(ctx -> ctx.json(dam.batches().batches().stream().map(BatchView::of).toList()));
        api.get("/api/v1/batches/{name}", "getBatch").role(Role.VIEWER).tag("batches").summary("One batch with its assets")
                .queryInt("limit", 200, 1, DamServer.MAX_LIMIT, "page size").queryInt("offset", 0, 0, Integer.MAX_VALUE, "assets to skip")
                .returns(200, BatchPage.class).handle(ctx -> {
                    String name = batchName(ctx.pathParam("name"));
                    Batch b = dam.batches().batch(name);
                    var q = new AssetQuery(name, null, null, AssetQuery.Sort.NAME,
                            Params.integer(ctx, "limit", 200, 1, DamServer.MAX_LIMIT), Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE));
                    ctx.json(new BatchPage(BatchView.of(b), dam.assets().list(q).stream().map(AssetSummary::of).toList()));
                });
        api.post("/api/v1/batches", "createBatch").role(Role.EDITOR).audit(AuditAction.BATCH_CREATE).tag("batches").summary("Scan a folder inside a library root and group everything under it")
                .body(BatchCreateBody.class).returns(201, BatchView.class).handle(ctx -> {
                    BatchCreateBody b = Bodies.required(ctx, BatchCreateBody.class);
                    BatchView made = BatchView.of(dam.scans().createBatch(b.folder(), b.name(), AccessPolicy.actor(ctx)).batch());
                    ctx.status(201).json(made);
                });
        api.patch("/api/v1/batches/{name}", "renameBatch").role(Role.EDITOR).audit(AuditAction.BATCH_RENAME).tag("batches").summary("Rename a batch").body(BatchRenameBody.class)
                .returns(200, BatchView.class).handle(ctx -> {
                    String from = batchName(ctx.pathParam("name"));
                    String to = Bodies.required(ctx, BatchRenameBody.class).name();
                    dam.batches().renameBatch(from, to, AccessPolicy.actor(ctx));
                    ctx.json(BatchView.of(dam.batches().batch(to.strip())));
                });
        api.delete("/api/v1/batches/{name}", "deleteBatch").role(Role.EDITOR).audit(AuditAction.BATCH_DELETE).tag("batches").summary("Delete the grouping; assets and files stay")
                .returnsNothing(204).handle(ctx -> {
                    dam.batches().deleteBatch(batchName(ctx.pathParam("name")), AccessPolicy.actor(ctx));
                    ctx.status(204);
                });

        api.get("/api/v1/roots", "listRoots").role(Role.VIEWER).tag("roots").summary("Library roots").returnsList(200, RootView.class)
                .handle(ctx -> ctx.json(dam.roots().roots().stream().map(RootView::of).toList()));
        api.post("/api/v1/roots", "addRoot").role(Role.ADMIN).audit(AuditAction.ROOT_ADD).tag("roots")
                .summary("Add a folder as a library root and start scanning it (201); an existing root is answered as is (200)")
                .body(RootBody.class).returns(201, RootAdded.class).returns(200, RootAdded.class)
                .handle(ctx -> {
                    Path p = org.thatdam.storage.PathGuard.parseUserPath(Bodies.required(ctx, RootBody.class).path());
                    if (!p.isAbsolute()) throw DamException.invalid("give an absolute folder path");
                    var added = dam.roots().add(p, AccessPolicy.actor(ctx));
                    LibraryRoot root = added.root();
                    String scanId = added.added()
                            ? dam.scans().start(List.of(FileNames.path(root.path())), ScanService.Trigger.API, AccessPolicy.actor(ctx)).id()
                            : null;
                    ctx.status(added.added() ? 201 : 200).json(RootAdded.of(root, scanId));
                });
        api.delete("/api/v1/roots/{id}", "removeRoot").role(Role.ADMIN).audit(AuditAction.ROOT_REMOVE).tag("roots").summary("Stop scanning a root; its assets stay").returnsNothing(204)
                .handle(ctx -> {
                    LibraryRoot removed = dam.scans().removeRoot(Params.id(ctx), AccessPolicy.actor(ctx));
                    ctx.status(204);
                });

        api.post("/api/v1/prune", "prune").role(Role.ADMIN).audit(AuditAction.PRUNE).tag("roots")
                .summary("Find catalogued files that are gone: report (dryRun, the default), mark them missing, or forget them (purge)")
                .optionalBody(PruneBody.class).returns(200, PruneReportView.class).handle(ctx -> {
                    PruneRequest r = Bodies.optional(ctx, PruneBody.class).toRequest();
                    PruneReportView report = PruneReportView.of(dam.roots().prune(r.dryRun(), r.purge(), AccessPolicy.actor(ctx)));
                    ctx.json(report);
                });

        api.post("/api/v1/scans", "startScan").role(Role.EDITOR).audit(AuditAction.SCAN_START).tag("scans").summary("Start a background scan of all roots, or of one folder inside a root")
                .optionalBody(ScanBody.class).returns(202, ScanStatus.class).handle(ctx -> {
                    String raw = Bodies.optional(ctx, ScanBody.class).path();
                    List<Path> paths = raw == null ? List.of() : List.of(dam.scans().checkInsideRoot(raw));
                    ScanService.Status s = dam.scans().start(paths, ScanService.Trigger.API, AccessPolicy.actor(ctx));
                    ctx.status(202).header("Location", "/api/v1/scans/" + s.id()).json(ScanStatus.of(s));
                });
        api.get("/api/v1/scans", "listScans").role(Role.VIEWER).tag("scans").summary("Recent scans, newest first")
                .returnsList(200, ScanStatus.class)
                .handle(ctx -> ctx.json(dam.scans().recent().stream().map(ScanStatus::of).toList()));
        api.get("/api/v1/scans/{scanId}", "getScan").role(Role.VIEWER).tag("scans").summary("One scan's state, live progress and report").returns(200, ScanStatus.class)
                .handle(ctx -> ctx.json(dam.scans().status(ctx.pathParam("scanId")).map(ScanStatus::of)
                        .orElseThrow(() -> DamException.notFound("no scan with id " + Params.abbreviate(ctx.pathParam("scanId"))))));
    }

    private static String batchName(String raw) {
        if (raw.length() > 200 || raw.chars().anyMatch(c -> c < 0x20)) {
            throw DamException.badRequest("invalid batch name");
        }
        return raw;
    }
}
