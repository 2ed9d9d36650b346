package org.thatdam.server;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.model.Role;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.json.Json;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.BusyException;
import org.thatdam.model.RateLimitedException;
import org.thatdam.server.api.ErrorBody;
import org.thatdam.server.api.Health;
import org.thatdam.server.api.Readiness;

/**
 * The HTTP face of the library (Javalin): the REST API under {@code /api/v1} (documented at
 * {@code /api/openapi.json}, browsable at {@code /api/docs}), the event stream, health and
 * metrics, and the web dashboard's static files when they are on the classpath. Errors are JSON
 * {@code {"error":{"code","message"}}}. Binds to loopback unless told otherwise.
 */
public final class DamServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DamServer.class);
    public static final int MAX_LIMIT = 1000;
    static final long MAX_REQUEST_BYTES = 1_000_000L;
    /** Where the dashboard's files are on the classpath (the dam-web jar puts them there). */
    static final String WEB_ROOT = "/web";
    private static final java.time.Duration READ_YOUR_WRITES = java.time.Duration.ofSeconds(10);
    /** An HTTP connection with nothing to read or write for this long is closed. */
    static final java.time.Duration HTTP_IDLE = java.time.Duration.ofSeconds(30);
    /** A new connection must send its first complete request head within this. */
    static final java.time.Duration HEADER_TIMEOUT = java.time.Duration.ofSeconds(10);
    /** A WebSocket is closed after this long without traffic; the event stream pings every 15 s. */
    static final java.time.Duration WS_IDLE = java.time.Duration.ofSeconds(45);
    /**
     * What an event-stream client sends is small (a command, {@link CaptureControl#MAX_MESSAGE}); up to this a
     * longer message is answered with an error and the stream stays open, beyond it the stream is closed.
     */
    static final int MAX_WS_MESSAGE = 256 * 1024;

    private final Javalin app;
    private final EventHub hub;
    private final Metrics metrics;
    private final ApiRegistry api;
    private final ConnectionGuard guard;
    private final java.util.Optional<ServerTls> tls;
    private final PreviewStreams previews;

    private DamServer(Javalin app, EventHub hub, Metrics metrics, ApiRegistry api, ConnectionGuard guard, java.util.Optional<ServerTls> tls,
                      PreviewStreams previews) {
        this.app = app;
        this.previews = previews;
        this.guard = guard;
        this.tls = tls;
        this.hub = hub;
        this.metrics = metrics;
        this.api = api;
    }

    /**
     * A server whose every request is let through, or refused, by {@link CredentialAccess}; HTTPS
     * when {@code server.tls.*} name a certificate and key.
     *
     * @throws org.thatdam.core.config.ConfigException when server.trusted-proxies or server.tls.* are wrong (nothing listens then)
     * @throws DamException setup_required on an address other than loopback while the library has no user
     */
    public static DamServer start(Dam dam, String host, int port) {
        // The one exposure check: every way of serving a library (dam serve, embedding, tests) binds
        // here, and this host is the address actually bound, so nothing can listen around it.
        org.thatdam.core.serve.Exposure.check(dam, host);
        CredentialAccess access = new CredentialAccess(dam);
        TrustedProxies proxies = TrustedProxies.parse(dam.config().sources().get(ConfigKey.SERVER_TRUSTED_PROXIES).value());
        CrossSiteGuard hosts = CrossSiteGuard.of(host, dam.config().sources().get(ConfigKey.SERVER_ALLOWED_HOSTS).value());
        java.util.Optional<ServerTls> tls = ServerTls.from(dam.config());
        java.util.Optional<MapTiles> tiles = MapTiles.from(dam.config());
        boolean web = DamServer.class.getResource(WEB_ROOT + "/index.html") != null;
        ConnectionGuard guard = new ConnectionGuard(dam.config().connections().max(), dam.config().connections().perAddress(),
                HEADER_TIMEOUT);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.http.prefer405over404 = true; // a known route asked with another method says which ones it takes
            cfg.staticFiles.enableWebjars();
            if (web) {
                cfg.staticFiles.add(sf -> {
                    sf.hostedPath = "/";
                    sf.directory = WEB_ROOT;
                    sf.location = Location.CLASSPATH;
                    sf.headers = Map.of("Cache-Control", "no-cache");
                    sf.mimeTypes.add("application/manifest+json", "webmanifest"); // the installable app's manifest
                });
            }
            // Requests Jetty rejects itself (bad URI, oversized request line or headers) never reach
            // Javalin: give them the same JSON error shape instead of Jetty's HTML page.
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            tls.ifPresent(t -> cfg.jetty.addConnector((server, http) -> t.connector(server, http, host, port)));
            cfg.jetty.modifyServletContextHandler(context -> {
                context.setErrorHandler(new JsonErrorHandler());
                context.addFilter(new org.eclipse.jetty.servlet.FilterHolder(new SecurityHeaders(tiles)), "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
                if (tls.isPresent()) {
                    context.addFilter(new org.eclipse.jetty.servlet.FilterHolder(new HttpsOnly(hosts::answersTo)), "/*",
                            java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
                }
                context.addFilter(new org.eclipse.jetty.servlet.FilterHolder(new RequestGuard(MAX_REQUEST_BYTES)), "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            });
            cfg.jetty.modifyServer(server -> server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                    // Javalin adds its connector just before starting the server.
                    for (var c : server.getConnectors()) {
                        if (c instanceof org.eclipse.jetty.server.AbstractConnector connector) {
                            connector.setIdleTimeout(HTTP_IDLE.toMillis());
                            guard.attach(connector);
                        }
                    }
                }
            }));
            cfg.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setIdleTimeout(WS_IDLE);
                ws.setMaxTextMessageSize(MAX_WS_MESSAGE);
                ws.setMaxBinaryMessageSize(MAX_WS_MESSAGE);
                ws.setMaxFrameSize(MAX_WS_MESSAGE);
            });
        });
        EventHub hub = new EventHub(dam.events());
        Metrics metrics = new Metrics(dam, app, hub);
        ApiRegistry api = new ApiRegistry(app, access);

        // Which library answers: a client that read server.json checks it reached this library's server.
        app.before(ctx -> ctx.header(org.thatdam.core.serve.ServerEndpoint.TOKEN_HEADER, dam.token()));
        // First: every check after it sees the client as the trusted proxies report it.
        ClientAddress.install(app, proxies);
        hosts.install(app);

        api.get("/health", "getHealth").open().tag("health").summary("Liveness: the server answers").returns(200, Health.class)
                .handle(ctx -> ctx.json(new Health("ok", dam.config().node().role().id(), dam.config().node().name())));
        api.get("/ready", "getReadiness").open().tag("health")
                .summary("Readiness: every check is ok (200), or which is not (503)")
                .returns(200, Readiness.class).returns(503, Readiness.class).handle(ctx -> {
                    Map<String, String> checks = new LinkedHashMap<>();
                    boolean ok = true;
                    for (var check : dam.readinessChecks().entrySet()) {
                        String r = check.getValue().get();
                        if (!"ok".equals(r)) ok = false;
                        checks.put(check.getKey(), r);
                    }
                    ctx.status(ok ? 200 : 503).json(new Readiness(ok ? "ready" : "not ready", checks));
                });
        // Prometheus' text format, not JSON: outside the API document, like the document itself. A
        // scraper on this machine needs no credential; through a proxy or from elsewhere, any user's key.
        // A credential that is sent must be valid, even here.
        app.get("/metrics", ctx -> {
            if (!ClientAddress.localDirect(ctx) || CredentialAccess.sent(ctx)) access.check(ctx, Role.VIEWER);
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
        // The stream carries what any reader of the library sees (paths, job progress).
        app.wsBeforeUpgrade("/api/v1/events", ctx -> {
            access.check(ctx, Role.VIEWER);
            ctx.attribute(CaptureControl.ADDRESS, ClientAddress.of(ctx));
        });
        // Clients listen, and may start and stop recordings (as editors) over the same stream.
        CaptureControl control = new CaptureControl(dam, access::stillIdentifies);
        app.ws("/api/v1/events", ws -> hub.configure(ws, ctx -> access.stillAllows(ctx.header("Authorization"),
                ctx.cookie(CredentialAccess.COOKIE), Role.VIEWER), control));

        // Read-your-writes: a change saved through the API is searchable once its response arrives,
        // however busy the machine (the change log is applied on this thread if the follower lags).
        app.after("/api/*", ctx -> {
            if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD && ctx.status().getCode() < 400) {
                dam.openedSearch().ifPresent(s -> {
                    if (!s.awaitCatalog(READ_YOUR_WRITES)) LOG.warn("{} {}: the search index is still catching up",
                            ctx.method(), ctx.path());
                });
            }
        });

        AuthRoutes.register(api, dam, access);
        AccountRoutes.register(api, dam);
        AssetRoutes.register(api, dam);
        XmpRoutes.register(api, dam);
        SceneRoutes.register(api, dam);
        LibraryRoutes.register(api, dam);
        JobRoutes.register(api, dam);
        SearchRoutes.register(api, dam);
        CollectionRoutes.register(api, dam);
        ProcessingRoutes.register(api, dam);
        ImportRoutes.register(api, dam);
        VerifyRoutes.register(api, dam);
        BulkRoutes.register(api, dam);
        ShareRoutes.register(api, dam);
        BackupRoutes.register(api, dam);
        MapRoutes.register(api, dam, tiles);
        FolderRoutes.register(api, dam);
        TusRoutes.register(api, dam);
        FieldRoutes.register(api, dam);
        VocabularyRoutes.register(api, dam);
        DuplicateRoutes.register(api, dam);
        PreviewStreams previews = new PreviewStreams(dam.config().capture().previewWidth());
        CaptureRoutes.register(api, dam, previews);

        String version = DamServer.class.getPackage().getImplementationVersion();
        // The document itself (and the page showing it) are left out of the document on purpose: they
        // describe the API rather than being part of it. HEAD answers like GET, as for every API read.
        io.javalin.http.Handler openApi = ctx -> {
            access.check(ctx, Role.VIEWER);
            ctx.json(api.openApi(version == null ? "dev" : version));
        };
        app.get("/api/openapi.json", openApi);
        app.head("/api/openapi.json", openApi);
        app.get("/api/docs", ctx -> {
            access.check(ctx, Role.VIEWER);
            SwaggerPage.send(ctx);
        });

        app.exception(DamException.class, (e, ctx) -> {
            if (e.code() == ErrorCode.INTERNAL) LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            if (e instanceof RateLimitedException r) ctx.header("Retry-After", Long.toString(Math.max(1, r.retryAfter().toSeconds())));
            if (e instanceof BusyException b) ctx.header("Retry-After", Long.toString(Math.max(1, b.retryAfter().toSeconds())));
            if (e instanceof org.thatdam.search.QueryException q) {
                ctx.status(ErrorStatus.of(e.code())).json(ErrorBody.of(q));
                return;
            }
            error(ctx, ErrorStatus.of(e.code()), e.code(), e.getMessage());
        });
        // Anything else is a bug: logged in full, answered without its JDK text (it is not meant for users).
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, ErrorCode.INTERNAL, "internal error; the server log has the details");
        });
        // Javalin's own responses (unknown route, wrong method, body too large) in the same JSON shape.
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405) {
                String allow = String.join(", ", allowedMethods(app, ctx.path()));
                ctx.header("Allow", allow);
                error(ctx, 405, ErrorCode.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on " + Params.abbreviate(ctx.path())
                        + "; allowed: " + allow);
                return;
            }
            error(ctx, e.getStatus(), ErrorStatus.codeFor(e.getStatus()),
                    e.getStatus() == 404 ? "no such route: " + ctx.method() + " " + Params.abbreviate(ctx.path()) : e.getMessage());
        });

        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            stopQuietly(app);
            throw ServerStartException.of(host, port, e);
        }
        return new DamServer(app, hub, metrics, api, guard, tls, previews);
    }

    private static void stopQuietly(Javalin app) {
        try {
            app.stop();
        } catch (RuntimeException e) {
            LOG.debug("stopping the server that did not start", e);
        }
    }

    /** The methods a path answers, for the {@code Allow} header of a 405. */
    private static java.util.List<String> allowedMethods(Javalin app, String path) {
        java.util.List<String> methods = new java.util.ArrayList<>();
        for (HandlerType t : java.util.List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST, HandlerType.PUT,
                HandlerType.PATCH, HandlerType.DELETE)) {
            if (app.unsafeConfig().pvt.internalRouter.findHttpHandlerEntries(t, path).findAny().isPresent()) methods.add(t.name());
        }
        return methods;
    }

    static void error(Context ctx, int status, ErrorCode code, String message) {
        ctx.status(status).json(ErrorBody.of(code, message == null ? code.wire() : message));
    }

    public int port() {
        return app.port();
    }

    /** Whether the server speaks HTTPS (server.tls.*). */
    public boolean https() {
        return tls.isPresent();
    }

    /** The {@link org.thatdam.core.serve.ServerEndpoint#fingerprint} of the certificate served over HTTPS. */
    public java.util.Optional<String> certificateFingerprint() {
        return tls.map(t -> org.thatdam.core.serve.ServerEndpoint.fingerprint(t.certificate()));
    }

    /** Method and path of every documented API operation (tests compare them with the live routes). */
    java.util.List<ApiRegistry.Op> operations() {
        return api.operations();
    }

    /** The connection limits in force (tests read how many connections are open). */
    ConnectionGuard connectionGuard() {
        return guard;
    }

    /** The Javalin instance (tests read its live route table to compare it with the OpenAPI document). */
    Javalin javalin() {
        return app;
    }

    /** The live previews being sent (tests count them). */
    PreviewStreams previews() {
        return previews;
    }

    @Override
    public void close() {
        previews.close(); // endless responses end first, so the server's stop need not wait for them
        hub.close();
        app.stop();
        metrics.close();
    }
}
