package org.thatdam.server;

import org.thatdam.core.Dam;
import org.thatdam.core.explorer.FolderService;
import org.thatdam.model.Role;
import org.thatdam.server.api.FolderPage;

/** The library as a tree of folders (the explorer). */
final class FolderRoutes {

    private FolderRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/folders", "listFolder").role(Role.VIEWER).tag("folders")
                .summary("A folder of the library: its folders with counts, durations and sizes, and a page of its files;"
                        + " without a path, the library roots. A path outside every root is 404")
                .queryText("path", 4096, "the folder, as the catalog writes paths (absolute); none: the library roots")
                .queryInt("limit", 200, 1, FolderService.MAX_LIMIT, "files per page")
                .queryInt("offset", 0, 0, Integer.MAX_VALUE, "files to skip")
                .returns(200, FolderPage.class).handle(ctx -> ctx.json(FolderPage.of(dam.folders().list(
                        Params.text(ctx, "path", 4096), Params.integer(ctx, "limit", 200, 1, FolderService.MAX_LIMIT),
                        Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE)))));
    }
}
