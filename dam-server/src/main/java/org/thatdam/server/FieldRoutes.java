package org.thatdam.server;

import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.model.Role;
import org.thatdam.server.api.FieldBody;
import org.thatdam.server.api.FieldChangeView;
import org.thatdam.server.api.FieldDeleted;
import org.thatdam.server.api.FieldView;

/** Custom field definitions: everyone reads them; admins define, change and delete them. */
final class FieldRoutes {

    private FieldRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        api.get("/api/v1/fields", "listFields").role(Role.VIEWER).tag("fields").summary("The custom fields, in their order")
                .returnsList(200, FieldView.class)
                .handle(ctx -> ctx.json(dam.fields().list().stream().map(FieldView::of).toList()));
        api.post("/api/v1/fields", "createField").role(Role.ADMIN).audit(AuditAction.FIELD_CREATE).tag("fields")
                .summary("Define a custom field (name and type needed)")
                .body(FieldBody.class).returns(201, FieldView.class).handle(ctx -> {
                    FieldBody b = Bodies.required(ctx, FieldBody.class);
                    ctx.status(201).json(FieldView.of(dam.fields().create(b.toSpec(), AccessPolicy.actor(ctx))));
                });
        api.patch("/api/v1/fields/{name}", "editField").role(Role.ADMIN).audit(AuditAction.FIELD_EDIT).tag("fields")
                .summary("Change a field's definition: values that fit are kept or converted, the others are reported "
                        + "and dropped (with dryRun=true, only reported)")
                .pathText("name", 40, "the field's name")
                .queryBoolean("dryRun", false, "report what the change would do without making it")
                .body(FieldBody.class).returns(200, FieldChangeView.class).handle(ctx -> {
                    FieldBody b = Bodies.required(ctx, FieldBody.class);
                    boolean dryRun = "true".equals(ctx.queryParam("dryRun") == null ? null : ctx.queryParam("dryRun").strip());
                    ctx.json(FieldChangeView.of(dam.fields().edit(ctx.pathParam("name"), b.toSpec(), dryRun, AccessPolicy.actor(ctx))));
                });
        api.delete("/api/v1/fields/{name}", "deleteField").role(Role.ADMIN).audit(AuditAction.FIELD_DELETE).tag("fields")
                .summary("Delete a field and every value of it")
                .pathText("name", 40, "the field's name")
                .returns(200, FieldDeleted.class).handle(ctx -> {
                    String name = ctx.pathParam("name");
                    int values = dam.fields().delete(name, AccessPolicy.actor(ctx));
                    ctx.json(new FieldDeleted(name.strip(), values));
                });
    }
}
