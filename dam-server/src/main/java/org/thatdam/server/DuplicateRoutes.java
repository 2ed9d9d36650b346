package org.thatdam.server;

import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.model.Role;
import org.thatdam.server.api.DuplicateKeepBody;
import org.thatdam.server.api.DuplicateKept;
import org.thatdam.server.api.DuplicatesView;

/** Near-duplicate videos, and keeping one copy of each (the others are forgotten from the catalog, never deleted). */
final class DuplicateRoutes {

    private DuplicateRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/duplicates", "listDuplicates").role(Role.VIEWER).tag("assets")
                .summary("Groups of near-duplicate videos (re-encodes, resized copies, copies with extra black or silence), "
                        + "the better master first with the reason, and the technical facts that differ")
                .returns(200, DuplicatesView.class).handle(ctx -> ctx.json(DuplicatesView.of(dam.duplicates().groups())));
        api.post("/api/v1/duplicates/keep", "keepDuplicate").role(Role.EDITOR).audit(AuditAction.ASSET_FORGET).tag("assets")
                .summary("Keep one asset of a group of duplicates and forget the named others from the catalog "
                        + "(only members of its group; their files are left on disk)")
                .body(DuplicateKeepBody.class).returns(200, DuplicateKept.class).handle(ctx -> {
                    DuplicateKeepBody body = Bodies.required(ctx, DuplicateKeepBody.class);
                    ctx.json(DuplicateKept.of(dam.duplicates().keep(body.keepId(), body.forgetIds(), AccessPolicy.actor(ctx))));
                });
    }
}
