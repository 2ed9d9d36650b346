package org.thatdam.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.model.AssetKind;
import org.thatdam.catalog.model.AssetQuery;
import org.thatdam.catalog.model.AssetStatus;
import org.thatdam.core.Dam;
import org.thatdam.core.Json;
import org.thatdam.core.library.AssetViews;
import org.thatdam.core.library.NotFoundException;

/**
 * The HTTP face of the library (Javalin). All routes live under {@code /api/v1}; errors are JSON
 * {@code {"error":{"code","message"}}}. Binds to loopback unless told otherwise.
 */
public final class DamServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DamServer.class);
    static final int MAX_LIMIT = 1000;
    static final long MAX_REQUEST_BYTES = 1_000_000L;

    private final Javalin app;

    private DamServer(Javalin app) {
        this.app = app;
    }

    public static DamServer start(Dam dam, String host, int port) {
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            // Requests Jetty rejects itself (bad URI, oversized request line or headers) never reach
            // Javalin: give them the same JSON error shape instead of Jetty's HTML page.
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
        });
        routes(app, dam);
        app.start(host, port);
        return new DamServer(app);
    }

    private static void routes(Javalin app, Dam dam) {
        // maxRequestSize only applies when a handler reads the body, and no route does: enforce the
        // limit up front so an oversized request is refused rather than silently ignored.
        app.before(ctx -> {
            if (ctx.contentLength() > MAX_REQUEST_BYTES) {
                throw new ApiError(413, "too_large", "request body is larger than the limit of " + MAX_REQUEST_BYTES + " bytes");
            }
        });
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/api/v1/assets", ctx -> {
            AssetQuery q = new AssetQuery(
                    ctx.queryParam("batch"),
                    parse(ctx, "kind", AssetKind::parse),
                    parse(ctx, "status", AssetStatus::parse),
                    parse(ctx, "sort", s -> AssetQuery.Sort.valueOf(s.toUpperCase(java.util.Locale.ROOT))),
                    intParam(ctx, "limit", 50, 1, MAX_LIMIT),
                    intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE));
            List<Map<String, Object>> items = dam.library().list(q).stream().map(AssetViews::summary).toList();
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("total", dam.library().count(q));
            page.put("limit", q.limit());
            page.put("offset", q.offset());
            page.put("items", items);
            ctx.json(page);
        });
        app.get("/api/v1/assets/{id}", ctx -> {
            long id = idParam(ctx);
            ctx.json(dam.library().view(dam.library().details(id)
                    .orElseThrow(() -> new ApiError(404, "not_found", "no asset with id " + id))));
        });

        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        app.exception(NotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal", "internal error: " + e.getClass().getSimpleName());
        });
        // Javalin's own responses (unknown route, wrong method, body too large) in the same JSON shape.
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), codeFor(e.getStatus()),
                e.getStatus() == 404 ? "no such route: " + ctx.method() + " " + ctx.path() : e.getMessage()));
    }

    /** The error code for a bare HTTP status: {@code not_found}, {@code internal}, else {@code http_<status>}. */
    static String codeFor(int status) {
        return status == 404 ? "not_found" : status >= 500 ? "internal" : "http_" + status;
    }

    static void error(Context ctx, int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message == null ? code : message);
        ctx.status(status).json(Map.of("error", body));
    }

    private static long idParam(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!raw.matches("\\d{1,18}")) {
            throw new ApiError(400, "bad_request", "asset id must be a positive whole number, got '" + abbreviate(raw) + "'");
        }
        return Long.parseLong(raw);
    }

    private static int intParam(Context ctx, String name, int def, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return def;
        try {
            int v = Integer.parseInt(raw.strip());
            if (v < min || v > max) {
                throw new ApiError(400, "bad_request", name + " must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "bad_request", name + " must be a whole number, got '" + abbreviate(raw) + "'");
        }
    }

    private static <T> T parse(Context ctx, String name, java.util.function.Function<String, T> parser) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return null;
        // The parsers trim() their input, which would also drop control characters ("video\0" → video).
        if (raw.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(400, "bad_request", "invalid " + name + ": contains control characters");
        }
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad_request", "invalid " + name + " '" + abbreviate(raw) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
