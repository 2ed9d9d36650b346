package org.thatdam.server;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thatdam.server.api.ErrorBody;
import org.thatdam.server.api.Schemas;

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

    /**
     * One operation: method, path, what it does and answers. {@code body} is the request record, or
     * null; {@code response} the response record (a JSON array of them when {@code list}), or null.
     */
    record Op(HandlerType method, String path, String tag, String summary, List<Param> params, Class<? extends Record> body,
              boolean bodyRequired, int status, Class<? extends Record> response, boolean list, String contentType,
              Map<Integer, Class<? extends Record>> errors) {}

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
        private Class<? extends Record> body;
        private boolean bodyRequired;
        private int status = 200;
        private Class<? extends Record> response;
        private boolean list;
        private final Map<Integer, Class<? extends Record>> errors = new LinkedHashMap<>();
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
        /** The request body, which must be sent. */
        Builder body(Class<? extends Record> type) { body = type; bodyRequired = true; return this; }
        /** A request body that may be left out (every field takes its default). */
        Builder optionalBody(Class<? extends Record> type) { body = type; bodyRequired = false; return this; }
        Builder returns(int st, Class<? extends Record> type) { status = st; response = type; return this; }
        /** A JSON array of {@code type}. */
        Builder returnsList(int st, Class<? extends Record> type) { returns(st, type); list = true; return this; }
        /** A success without a body (204, or 202 for an accepted request). */
        Builder returnsNothing(int st) { status = st; response = null; return this; }
        Builder produces(String ct) { contentType = ct; return this; }
        /** An error answered with another body than the usual {@link ErrorBody}. */
        Builder error(int st, Class<? extends Record> type) { errors.put(st, type); return this; }

        void handle(Handler h) {
            // the document must say what every JSON route answers
            if (response == null && status != 204 && contentType.startsWith("application/json")) {
                throw new IllegalStateException(method + " " + path + " names no response record");
            }
            ops.add(new Op(method, path, tag, summary, List.copyOf(params), body, bodyRequired, status, response, list, contentType,
                    Map.copyOf(errors)));
            app.addHttpHandler(method, path, h);
            // HEAD answers exactly as GET (status, headers, 404s) without the body: Jetty drops the body.
            if (method == HandlerType.GET) app.addHttpHandler(HandlerType.HEAD, path, h);
        }
    }

    /** The OpenAPI 3.0 document for the registered operations; its schemas are generated from the body records. */
    Map<String, Object> openApi(String version) {
        Schemas schemas = new Schemas();
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
                o.put("requestBody", Map.of("required", op.bodyRequired(), "content",
                        Map.of("application/json", Map.of("schema", schemas.ref(op.body())))));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("description", "success");
            if (op.response() != null) {
                Map<String, Object> ref = schemas.ref(op.response());
                Object schema = op.list() ? Map.of("type", "array", "items", ref) : ref;
                ok.put("content", Map.of(op.contentType(), Map.of("schema", schema)));
            } else if (!op.contentType().startsWith("application/json")) {
                Object schema = Map.of("type", "string", "format", "binary");
                ok.put("content", Map.of(op.contentType(), Map.of("schema", schema)));
            }
            responses.put(Integer.toString(op.status()), ok);
            op.errors().forEach((st, type) -> responses.put(Integer.toString(st), Map.of("description", "error",
                    "content", Map.of("application/json", Map.of("schema", schemas.ref(type))))));
            responses.put("default", Map.of("description", "error", "content",
                    Map.of("application/json", Map.of("schema", schemas.ref(ErrorBody.class)))));
            o.put("responses", responses);
            item.put(op.method().name().toLowerCase(Locale.ROOT), o);
        }
        doc.put("paths", paths);
        doc.put("components", Map.of("schemas", schemas.all()));
        return doc;
    }

    private static String operationId(Op op) {
        StringBuilder b = new StringBuilder(op.method().name().toLowerCase(Locale.ROOT));
        for (String part : op.path().replace("/api/v1/", "").split("[/{}.\\-]+")) {
            if (!part.isEmpty()) b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }
}
