package org.thatdam.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.model.DamException;
import org.thatdam.model.Role;
import org.thatdam.server.api.ErrorBody;
import org.thatdam.server.api.Schemas;

/**
 * Registers every API route together with its description, so the OpenAPI document is generated
 * from the very list Javalin serves: a route cannot exist undocumented, nor a document entry
 * without a route. The declared query parameters are also what the route accepts: an unknown
 * parameter, or a value outside its schema, is a 400 before the handler runs; so is a body sent
 * to a route that takes none. Every route also names the role it needs (or that it is open), and
 * the {@link AccessPolicy} is asked with that role before anything else of the request is looked at.
 * A route that changes the library names its audit action, for the document ({@code x-audit-action}):
 * the service it calls writes the entry in the transaction that makes the change.
 */
final class ApiRegistry {

    /**
     * A query or path parameter and its JSON Schema ({@code type}, {@code enum}, {@code default},
     * {@code minimum}/{@code maximum}, {@code maxLength}, {@code format}).
     */
    record Param(String name, String in, Map<String, Object> schema, boolean required, String description) {

        static Param path(String name, Map<String, Object> schema, String description) {
            return new Param(name, "path", schema, true, description);
        }

        /** Why {@code raw} does not fit the schema, or null when it does. */
        @Nullable String problem(String raw) {
            String v = raw.strip();
            if (raw.chars().anyMatch(Character::isISOControl)) return "invalid " + name + ": contains control characters";
            if (schema.get("enum") instanceof List<?> values) {
                return values.contains(v.toLowerCase(Locale.ROOT)) ? null : "invalid " + name + " '" + Params.abbreviate(raw)
                        + "'; allowed: " + String.join(", ", values.stream().map(String::valueOf).toList());
            }
            return switch (String.valueOf(schema.get("type"))) {
                case "boolean" -> v.equals("true") || v.equals("false") ? null
                        : "invalid " + name + " '" + Params.abbreviate(raw) + "'; allowed: true, false";
                case "integer" -> {
                    long min = ((Number) schema.getOrDefault("minimum", Long.MIN_VALUE)).longValue();
                    long max = ((Number) schema.getOrDefault("maximum", Long.MAX_VALUE)).longValue();
                    boolean ok;
                    try {
                        long n = Long.parseLong(v);
                        ok = v.matches("-?\\d+") && n >= min && n <= max; // digits only: no "+1"
                    } catch (NumberFormatException e) {
                        ok = false; // not a number, or beyond a long
                    }
                    yield ok ? null
                            : name + " must be a whole number from " + min + " to " + max + ", got '" + Params.abbreviate(raw) + "'";
                }
                default -> {
                    int maxLength = ((Number) schema.getOrDefault("maxLength", Integer.MAX_VALUE)).intValue();
                    yield raw.length() > maxLength ? name + " is longer than " + maxLength + " characters" : null;
                }
            };
        }
    }

    /**
     * One operation: method, path, its operationId, what it does and answers. {@code body} is the
     * request record, or null; {@code response} the record of the first success {@code status} (a
     * JSON array of them when {@code list}), or null; {@code successes} every success status with
     * its record (a route may answer 201 or 200); {@code contentTypes} every media type of the success
     * body, {@code contentType} the first. {@code role} is the least role that may call it, null for an
     * open route (health).
     */
    record Op(HandlerType method, String path, String operationId, @Nullable Role role, String tag, String summary, List<Param> params,
              Class<? extends Record> body, boolean bodyRequired, int status, Class<? extends Record> response, boolean list,
              Map<Integer, Class<? extends Record>> successes, String contentType, List<String> contentTypes,
              Map<Integer, Class<? extends Record>> errors, @Nullable AuditAction audit, @Nullable String rawBody) {}

    /** The security schemes an operation that needs a role accepts: either one will do. */
    static final List<Map<String, List<String>>> AUTHENTICATED = List.of(Map.of("session", List.of()), Map.of("apiKey", List.of()));

    private final Javalin app;
    private final AccessPolicy access;
    private final List<Op> ops = new ArrayList<>();

    ApiRegistry(Javalin app, AccessPolicy access) {
        this.app = app;
        this.access = access;
    }

    Builder get(String path, String operationId) { return new Builder(HandlerType.GET, path, operationId); }
    Builder post(String path, String operationId) { return new Builder(HandlerType.POST, path, operationId); }
    Builder put(String path, String operationId) { return new Builder(HandlerType.PUT, path, operationId); }
    Builder patch(String path, String operationId) { return new Builder(HandlerType.PATCH, path, operationId); }
    Builder delete(String path, String operationId) { return new Builder(HandlerType.DELETE, path, operationId); }
    /** A HEAD of its own (a GET route answers HEAD by itself): for routes whose answer is only headers. */
    Builder head(String path, String operationId) { return new Builder(HandlerType.HEAD, path, operationId); }
    Builder options(String path, String operationId) { return new Builder(HandlerType.OPTIONS, path, operationId); }

    List<Op> operations() {
        return List.copyOf(ops);
    }

    /** The JSON names of an enum's constants, as a parameter's allowed values. */
    @SafeVarargs
    static <E extends Enum<E>> List<String> names(Function<E, String> name, E... values) {
        return Arrays.stream(values).map(name).toList();
    }

    final class Builder {
        private final HandlerType method;
        private final String path;
        private final String operationId;
        private String tag = "library";
        private String summary = "";
        private @Nullable Role role;
        private boolean open;
        private final List<Param> params = new ArrayList<>();
        private Class<? extends Record> body;
        private boolean bodyRequired;
        private final Map<Integer, Class<? extends Record>> successes = new LinkedHashMap<>();
        private boolean list;
        private final Map<Integer, Class<? extends Record>> errors = new LinkedHashMap<>();
        private final List<String> contentTypes = new ArrayList<>();
        private @Nullable AuditAction audit;
        private @Nullable String rawBody;
        private boolean headersOnly;

        Builder(HandlerType method, String path, String operationId) {
            this.method = method;
            this.path = path;
            this.operationId = operationId;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path);
            while (m.find()) {
                Map<String, Object> schema = m.group(1).equals("id")
                        ? Map.of("type", "integer", "format", "int64", "minimum", 1) : Map.of("type", "string");
                params.add(Param.path(m.group(1), schema, m.group(1)));
            }
        }

        Builder tag(String t) { tag = t; return this; }
        Builder summary(String s) { summary = s; return this; }
        /** The least role that may call the route. */
        Builder role(Role r) { role = r; return this; }
        /** The route needs no account (health; setting up and logging in). */
        Builder open() { open = true; return this; }
        /** The audit action the route's service writes when it changes the library (stated in the document). */
        Builder audit(AuditAction action) { audit = action; return this; }

        private Builder query(String name, Map<String, Object> schema, boolean required, String description) {
            params.add(new Param(name, "query", schema, required, description));
            return this;
        }

        /** Free text of at most {@code maxLength} characters. */
        Builder queryText(String name, int maxLength, String description) {
            return query(name, Map.of("type", "string", "maxLength", maxLength), false, description);
        }

        /** One of {@code values} (in any case); {@code def} when left out, or null for none. */
        Builder queryEnum(String name, List<String> values, @Nullable String def, String description) {
            Map<String, Object> s = new LinkedHashMap<>(Map.of("type", "string", "enum", values));
            if (def != null) s.put("default", def);
            return query(name, s, false, description);
        }

        /** Like {@link #queryEnum}, but it must be given. */
        Builder requiredEnum(String name, List<String> values, String description) {
            return query(name, Map.of("type", "string", "enum", values), true, description);
        }

        Builder queryInt(String name, int def, int min, int max, String description) {
            return query(name, Map.of("type", "integer", "format", "int32", "default", def, "minimum", min, "maximum", max),
                    false, description);
        }

        /** An id (1 and more), optional. */
        Builder queryId(String name, String description) {
            return query(name, Map.of("type", "integer", "format", "int64", "minimum", 1), false, description);
        }

        Builder queryBoolean(String name, boolean def, String description) {
            return query(name, Map.of("type", "boolean", "default", def), false, description);
        }

        /** {@code ?download=1}: a file route answers as an attachment to save, under the file's real name ({@link Disposition}). */
        Builder download() {
            return query(Disposition.PARAM, Map.of("type", "string", "enum", List.of("1", "0", "true", "false")), false,
                    "1: save the file (Content-Disposition: attachment); otherwise it is shown inline. Either way under its real name");
        }

        /** A path parameter that is text (an {@code {id}} is a whole number unless said otherwise). */
        Builder pathText(String name, int maxLength, String description) {
            params.replaceAll(p -> p.in().equals("path") && p.name().equals(name)
                    ? Param.path(name, Map.of("type", "string", "maxLength", maxLength), description) : p);
            return this;
        }

        /**
         * A body of raw bytes of {@code mediaType} (an upload's), which the route streams itself: it is
         * not read here, and the server's request size limit does not apply to it ({@link RequestGuard}).
         */
        Builder rawBody(String mediaType) { rawBody = mediaType; return this; }
        /** The answer is its status and headers alone, whatever the status (tus). */
        Builder headersOnly() { headersOnly = true; return this; }

        /** The request body, which must be sent. */
        Builder body(Class<? extends Record> type) { body = type; bodyRequired = true; return this; }
        /** A request body that may be left out (every field takes its default). */
        Builder optionalBody(Class<? extends Record> type) { body = type; bodyRequired = false; return this; }
        /** A success status and its body; call again for a route that answers more than one. */
        Builder returns(int st, Class<? extends Record> type) { successes.put(st, type); return this; }
        /** A JSON array of {@code type}. */
        Builder returnsList(int st, Class<? extends Record> type) { returns(st, type); list = true; return this; }
        /** A success without a body (204, or 202 for an accepted request). */
        Builder returnsNothing(int st) { successes.put(st, null); return this; }
        /** The media type of the success body; call again for each one it may be. */
        Builder produces(String ct) { contentTypes.add(ct); return this; }
        /** An error answered with another body than the usual {@link ErrorBody}. */
        Builder error(int st, Class<? extends Record> type) { errors.put(st, type); return this; }

        void handle(Handler h) {
            List<String> types = contentTypes.isEmpty() ? List.of("application/json") : List.copyOf(contentTypes);
            if (successes.isEmpty()) successes.put(200, null);
            Map.Entry<Integer, Class<? extends Record>> first = successes.entrySet().iterator().next();
            // the document must say what every JSON route answers
            successes.forEach((st, type) -> {
                if (type == null && st != 204 && !headersOnly && types.get(0).startsWith("application/json")) {
                    throw new IllegalStateException(method + " " + path + " names no response record for " + st);
                }
            });
            // who may call it is decided for each route, never left to a default
            if ((role == null) == !open) {
                throw new IllegalStateException(method + " " + path + " must declare either the role it needs or that it is open");
            }
            if (audit != null && open) throw new IllegalStateException(method + " " + path + " is audited, so it needs a role");
            if (ops.stream().anyMatch(o -> o.operationId().equals(operationId))) {
                throw new IllegalStateException("operationId " + operationId + " is taken");
            }
            Op op = new Op(method, path, operationId, role, tag, summary, List.copyOf(params), body, bodyRequired, first.getKey(),
                    first.getValue(), list, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(successes)), types.get(0),
                    types, Map.copyOf(errors), audit, rawBody);
            ops.add(op);
            Handler checked = ctx -> {
                access.check(ctx, op.role());
                checkQuery(op, ctx);
                if (op.body() == null && op.rawBody() == null) Bodies.none(ctx);
                h.handle(ctx);
            };
            app.addHttpHandler(method, path, checked);
            // HEAD answers exactly as GET (status, headers, 404s) without the body: Jetty drops the body.
            if (method == HandlerType.GET) app.addHttpHandler(HandlerType.HEAD, path, checked);
        }
    }

    /** Unknown query parameters, repeated ones and values outside their schema are refused before the handler runs. */
    private static void checkQuery(Op op, Context ctx) {
        List<Param> query = op.params().stream().filter(p -> p.in().equals("query")).toList();
        for (var e : ctx.queryParamMap().entrySet()) {
            Param p = query.stream().filter(q -> q.name().equals(e.getKey())).findFirst().orElse(null);
            if (p == null) {
                throw DamException.badRequest("unknown query parameter '" + Params.abbreviate(e.getKey()) + "'; "
                        + (query.isEmpty() ? "this route takes none" : "allowed: "
                        + String.join(", ", query.stream().map(Param::name).toList())));
            }
            if (e.getValue().size() > 1) throw DamException.badRequest("query parameter '" + p.name() + "' is given more than once");
            String raw = e.getValue().get(0);
            String problem = raw.isBlank() ? null : p.problem(raw); // blank is left out
            if (problem != null) throw DamException.badRequest(problem);
        }
        for (Param p : query) {
            String raw = ctx.queryParam(p.name());
            if (p.required() && (raw == null || raw.isBlank())) {
                String allowed = p.schema().get("enum") instanceof List<?> values
                        ? " (" + String.join(", ", values.stream().map(String::valueOf).toList()) + ")" : "";
                throw DamException.badRequest("query parameter '" + p.name() + "' is required" + allowed);
            }
        }
    }

    /** A browser's session cookie, or an API key sent as a bearer token. */
    private static final Map<String, Object> SECURITY_SCHEMES = Map.of(
            "session", Map.of("type", "apiKey", "in", "cookie", "name", "dam_session",
                    "description", "the session cookie set by logging in"),
            "apiKey", Map.of("type", "http", "scheme", "bearer", "description", "an API key: Authorization: Bearer KEY"));

    /** The OpenAPI 3.1 document for the registered operations; its schemas are generated from the body records. */
    Map<String, Object> openApi(String version) {
        Schemas schemas = new Schemas();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "That DAM Toolbox API", "version", version,
                "description", "Catalog, derivatives, search and jobs of a self-hosted media library."));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Op op : ops) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(op.path(), k -> new LinkedHashMap<>());
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("tags", List.of(op.tag()));
            o.put("summary", op.summary());
            o.put("operationId", op.operationId());
            o.put("x-required-role", op.role() == null ? "none" : op.role().id());
            o.put("security", op.role() == null ? List.of() : AUTHENTICATED);
            if (op.audit() != null) o.put("x-audit-action", op.audit().id());
            if (!op.params().isEmpty()) {
                o.put("parameters", op.params().stream().map(p -> Map.of("name", p.name(), "in", p.in(),
                        "required", p.required(), "description", p.description(), "schema", p.schema())).toList());
            }
            if (op.body() != null) {
                o.put("requestBody", Map.of("required", op.bodyRequired(), "content",
                        Map.of("application/json", Map.of("schema", schemas.ref(op.body())))));
            } else if (op.rawBody() != null) {
                o.put("requestBody", Map.of("required", false, "content",
                        Map.of(op.rawBody(), Map.of("schema", Map.of("type", "string", "format", "binary")))));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            op.successes().forEach((status, type) -> {
                Map<String, Object> ok = new LinkedHashMap<>();
                ok.put("description", "success");
                Map<String, Object> content = new LinkedHashMap<>();
                for (String ct : op.contentTypes()) {
                    if (type != null) {
                        Map<String, Object> ref = schemas.ref(type);
                        content.put(ct, Map.of("schema", op.list() ? Map.of("type", "array", "items", ref) : ref));
                    } else if (!ct.startsWith("application/json")) {
                        content.put(ct, Map.of("schema", Map.of("type", "string", "format", "binary")));
                    }
                }
                if (!content.isEmpty()) ok.put("content", content);
                responses.put(Integer.toString(status), ok);
            });
            op.errors().forEach((st, type) -> responses.put(Integer.toString(st), Map.of("description", "error",
                    "content", Map.of("application/json", Map.of("schema", schemas.ref(type))))));
            responses.put("default", Map.of("description", "error", "content",
                    Map.of("application/json", Map.of("schema", schemas.ref(ErrorBody.class)))));
            o.put("responses", responses);
            item.put(op.method().name().toLowerCase(Locale.ROOT), o);
        }
        doc.put("paths", paths);
        doc.put("components", Map.of("schemas", schemas.all(), "securitySchemes", SECURITY_SCHEMES));
        return doc;
    }
}
