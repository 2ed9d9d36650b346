package org.thatdam.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.offload.ImportRequest;
import org.thatdam.model.DamException;
import org.thatdam.model.Role;
import org.thatdam.server.api.ImportBody;
import org.thatdam.server.api.ImportView;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.LedgerView;
import org.thatdam.storage.PathGuard;

/** Verified offload of camera cards (as jobs) and the copy ledger of an asset. */
final class ImportRoutes {

    private ImportRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.post("/api/v1/imports", "startImport").role(Role.EDITOR).audit(AuditAction.IMPORT_START).tag("imports")
                .summary("Queue a verified import of a folder on the server (a camera card) into one or more destinations "
                        + "inside library roots; each copy is read back and compared, an ASC MHL is written in each destination")
                .body(ImportBody.class).returns(202, JobView.class).handle(ctx -> {
                    ImportBody b = Bodies.required(ctx, ImportBody.class);
                    if (b.source() == null || b.source().isBlank()) throw DamException.invalid("source: give the folder to import");
                    if (b.destinations() == null || b.destinations().isEmpty()) {
                        throw DamException.invalid("destinations: give at least one folder to copy into");
                    }
                    Path source = absolute("source", b.source());
                    List<Path> dests = b.destinations().stream().map(d -> absolute("destinations", d)).toList();
                    ImportRequest req = new ImportRequest(source, dests, Optional.ofNullable(b.batch()), ImportRequest.hashes(b.hashes()));
                    long job = dam.offload().enqueue(req, AccessPolicy.actor(ctx));
                    ctx.status(202).json(AssetRoutes.job(dam, job));
                });
        api.get("/api/v1/imports", "listImports").role(Role.EDITOR).tag("imports")
                .summary("Recent imports, newest first, with their progress and the files that failed")
                .queryInt("limit", 20, 1, 500, "how many").returnsList(200, ImportView.class)
                .handle(ctx -> ctx.json(dam.offload().recent(Params.integer(ctx, "limit", 20, 1, 500)).stream()
                        .map(ImportView::of).toList()));
        // Like an asset's locations (shown to every reader), the ledger names paths on the server.
        api.get("/api/v1/assets/{id}/ledger", "getAssetLedger").role(Role.VIEWER).tag("imports")
                .summary("The verified copies that brought the asset's files into the library: from, to, when, by whom, hashes")
                .returns(200, LedgerView.class)
                .handle(ctx -> ctx.json(LedgerView.of(dam.offload().ledger(Params.id(ctx)))));
    }

    /** A folder on the server named in a request: absolute (the server's working folder means nothing to a client). */
    private static Path absolute(String field, String raw) {
        if (raw == null) throw DamException.invalid(field + ": a path may not be null");
        Path p = PathGuard.parseUserPath(raw);
        if (!p.isAbsolute()) throw DamException.invalid(field + ": '" + Params.abbreviate(raw) + "' is not an absolute path");
        return p;
    }
}
