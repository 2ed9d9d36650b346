package org.thatdam.server;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registers every API route together with its description, so the OpenAPI document is generated
 * from the very list Javalin serves: a route cannot exist undocumented, nor a document entry
 * without a route.
 */
final class ApiRegistry {

    /** A query or path parameter. */
    record Param(String name, String in, String type, boolean required, String description) {
        static Param path(String name, String type, String description) {
            return new Param(name, "path", type, true, description);
        }

        static Param query(String name, String type, String description) {
            return new Param(name, "query", type, false, description);
        }
    }

    /** One operation: method, path, what it does and answers. {@code body} names a request schema, or null. */
    record Op(HandlerType method, String path, String tag, String summary, List<Param> params, String body,
              int status, String responseSchema, String contentType) {}

    private final Javalin app;
    private final List<Op> ops = new ArrayList<>();

    ApiRegistry(Javalin app) {
        this.app = app;
    }

    Builder get(String path) { return new Builder(HandlerType.GET, path); }
    Builder post(String path) { return new Builder(HandlerType.POST, path); }
    Builder patch(String path) { return new Builder(HandlerType.PATCH, path); }
    Builder delete(String path) { return new Builder(HandlerType.DELETE, path); }

    List<Op> operations() {
        return List.copyOf(ops);
    }

    final class Builder {
        private final HandlerType method;
        private final String path;
        private String tag = "library";
        private String summary = "";
        private final List<Param> params = new ArrayList<>();
        private String body;
        private int status = 200;
        private String schema;
        private String contentType = "application/json";

        Builder(HandlerType method, String path) {
            this.method = method;
            this.path = path;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path);
            while (m.find()) params.add(Param.path(m.group(1), m.group(1).equals("id") ? "integer" : "string", m.group(1)));
        }

        Builder tag(String t) { tag = t; return this; }
        Builder summary(String s) { summary = s; return this; }
        Builder query(String name, String type, String description) { params.add(Param.query(name, type, description)); return this; }
        Builder body(String schemaName) { body = schemaName; return this; }
        Builder returns(int st, String schemaName) { status = st; schema = schemaName; return this; }
        Builder produces(String ct) { contentType = ct; return this; }

        void handle(Handler h) {
            ops.add(new Op(method, path, tag, summary, List.copyOf(params), body, status, schema, contentType));
            app.addHttpHandler(method, path, h);
            // HEAD answers exactly as GET (status, headers, 404s) without the body: Jetty drops the body.
            if (method == HandlerType.GET) app.addHttpHandler(HandlerType.HEAD, path, h);
        }
    }

    /** The OpenAPI 3.0 document for the registered operations. */
    Map<String, Object> openApi(String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "That DAM Toolbox API", "version", version,
                "description", "Catalog, derivatives, search and jobs of a self-hosted media library."));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Op op : ops) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(op.path(), k -> new LinkedHashMap<>());
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("tags", List.of(op.tag()));
            o.put("summary", op.summary());
            o.put("operationId", operationId(op));
            if (!op.params().isEmpty()) {
                o.put("parameters", op.params().stream().map(p -> Map.of("name", p.name(), "in", p.in(),
                        "required", p.required(), "description", p.description(), "schema", Map.of("type", p.type()))).toList());
            }
            if (op.body() != null) {
                o.put("requestBody", Map.of("required", true, "content",
                        Map.of("application/json", Map.of("schema", ref(op.body())))));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("description", "success");
            if (op.status() != 204 && op.status() != 202 || op.responseSchema() != null) {
                Object schema = op.responseSchema() != null ? ref(op.responseSchema())
                        : op.contentType().startsWith("application/json") ? Map.of("type", "object")
                        : Map.of("type", "string", "format", "binary");
                ok.put("content", Map.of(op.contentType(), Map.of("schema", schema)));
            }
            responses.put(Integer.toString(op.status()), ok);
            responses.put("default", Map.of("description", "error", "content",
                    Map.of("application/json", Map.of("schema", ref("Error")))));
            o.put("responses", responses);
            item.put(op.method().name().toLowerCase(Locale.ROOT), o);
        }
        doc.put("paths", paths);
        doc.put("components", Map.of("schemas", ApiSchemas.all()));
        return doc;
    }

    private static Map<String, Object> ref(String schema) {
        return Map.of("$ref", "#/components/schemas/" + schema);
    }

    private static String operationId(Op op) {
        StringBuilder b = new StringBuilder(op.method().name().toLowerCase(Locale.ROOT));
        for (String part : op.path().replace("/api/v1/", "").split("[/{}.\\-]+")) {
            if (!part.isEmpty()) b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }
}
