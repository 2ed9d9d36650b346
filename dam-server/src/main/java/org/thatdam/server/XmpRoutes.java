package org.thatdam.server;

import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.model.Role;
import org.thatdam.server.api.XmpView;

/** An asset's XMP sidecar: its state, and writing it on request. */
final class XmpRoutes {

    private XmpRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/assets/{id}/xmp", "getAssetXmp").role(Role.VIEWER).tag("assets")
                .summary("The asset's XMP: sidecar path, last synchronisation, last error, merge conflicts, markers")
                .returns(200, XmpView.class).handle(ctx -> ctx.json(XmpView.of(dam.xmp().status(Params.id(ctx)))));
        api.post("/api/v1/assets/{id}/xmp/write", "writeAssetXmp").role(Role.EDITOR).audit(AuditAction.XMP_WRITE).tag("assets")
                .summary("Write the asset's sidecar now (merging what other tools changed in it), also when write-back is off")
                .returns(200, XmpView.class).handle(ctx -> ctx.json(XmpView.of(dam.xmp().write(Params.id(ctx), AccessPolicy.actor(ctx)))));
    }
}
