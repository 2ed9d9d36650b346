package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The OpenAPI document: valid, and exactly the routes the server answers; and the Swagger UI page. */
class OpenApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();
    static String json;
    static JsonNode doc;

    private static final Set<HandlerType> HTTP_METHODS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS);

    @BeforeAll
    static void start() throws Exception {
        HttpResponse<String> r = live.get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        json = r.body();
        doc = LiveServer.parse(json);
    }

    @Test
    void documentIsValidOpenApi31() {
        SwaggerParseResult plain = new OpenAPIV3Parser().readContents(json, null, null);
        assertThat(plain.getMessages()).as("parser messages").isEmpty();
        assertThat(plain.getOpenAPI()).isNotNull();
        assertThat(plain.getOpenAPI().getOpenapi()).startsWith("3.1");
        assertThat(plain.getOpenAPI().getPaths()).isNotEmpty();

        ParseOptions resolve = new ParseOptions();
        resolve.setResolve(true);
        resolve.setResolveFully(true);
        SwaggerParseResult resolved = new OpenAPIV3Parser().readContents(json, null, resolve);
        assertThat(resolved.getMessages()).as("parser messages with every $ref resolved").isEmpty();
        assertThat(resolved.getOpenAPI().getPaths().keySet()).isEqualTo(plain.getOpenAPI().getPaths().keySet());
    }

    @Test
    void everyOperationIsWellFormed() {
        Set<String> operationIds = new HashSet<>();
        for (Op op : documented()) {
            JsonNode o = doc.path("paths").path(op.path()).path(op.method().toLowerCase(Locale.ROOT));
            assertThat(operationIds.add(o.path("operationId").asText())).as("unique operationId of %s", op).isTrue();
            assertThat(o.path("summary").asText()).as("summary of %s", op).isNotBlank();
            // every {placeholder} is a required path parameter, and there are no others
            Set<String> placeholders = new TreeSet<>();
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(op.path());
            while (m.find()) placeholders.add(m.group(1));
            Set<String> pathParams = new TreeSet<>();
            for (JsonNode p : o.path("parameters")) {
                if (p.path("in").asText().equals("path")) {
                    pathParams.add(p.path("name").asText());
                    assertThat(p.path("required").asBoolean()).as("path parameter %s of %s is required", p, op).isTrue();
                }
            }
            assertThat(pathParams).as("path parameters of %s", op).isEqualTo(placeholders);
            boolean success = false;
            for (var it = o.path("responses").fieldNames(); it.hasNext(); ) {
                String code = it.next();
                if (code.matches("2\\d\\d")) success = true;
            }
            assertThat(success).as("a 2xx response of %s", op).isTrue();
            assertThat(o.path("responses").has("default")).as("the error response of %s", op).isTrue();
        }
        assertThat(operationIds).hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void documentListsExactlyTheRegisteredOperations() {
        Set<Op> registered = new TreeSet<>();
        for (ApiRegistry.Op op : live.server().operations()) registered.add(new Op(op.method().name(), op.path()));
        assertThat(new TreeSet<>(documented())).isEqualTo(registered);
    }

    @Test
    void everyLiveApiRouteIsDocumented() {
        Set<Op> liveRoutes = new TreeSet<>();
        for (var endpoint : live.server().javalin().unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
            HandlerType method = endpoint.getEndpoint().getMethod();
            String path = endpoint.getEndpoint().getPath();
            if (HTTP_METHODS.contains(method) && isApi(path)) liveRoutes.add(new Op(method.name(), path));
        }
        // every GET also answers HEAD (HTTP requires it); the document lists the GET (and a HEAD of its own: tus)
        Set<Op> ownHeads = new TreeSet<>(documented().stream().filter(o -> o.method().equals("HEAD")).toList());
        Set<Op> heads = new TreeSet<>(liveRoutes.stream().filter(o -> o.method().equals("HEAD") && !ownHeads.contains(o)).toList());
        liveRoutes.removeAll(heads);
        assertThat(heads.stream().map(o -> new Op("GET", o.path())).toList()).as("HEAD routes are the GET routes")
                .containsExactlyInAnyOrderElementsOf(liveRoutes.stream().filter(o -> o.method().equals("GET")).toList());
        assertThat(liveRoutes).as("live /api/v1 routes").isNotEmpty();
        assertThat(new TreeSet<>(documented())).as("documented operations vs the live /api/v1 routes").isEqualTo(liveRoutes);
        // the document only describes the versioned API and the health checks
        doc.path("paths").fieldNames().forEachRemaining(p -> assertThat(isApi(p)).as(p).isTrue());
    }

    private static boolean isApi(String path) {
        return path.startsWith("/api/v1") || path.equals("/health") || path.equals("/ready");
    }

    /** Reads of what only exists once someone asked for it (an analysis, a console run): 404 until then. */
    static final java.util.Set<String> MADE_ON_REQUEST = java.util.Set.of("/api/v1/assets/{id}/motion",
            "/api/v1/assets/{id}/trim-idle", "/api/v1/ffmpeg/runs/{id}", "/api/v1/shared/{token}", "/api/v1/uploads/{id}/result",
            "/api/v1/verify/{id}", "/api/v1/assets/bulk/{id}", "/api/v1/capture/takes/{id}");

    @Test
    void everyDocumentedOperationIsAnswered() {
        long assetId = live.idOf("trip/clip.mp4");
        // sanity check of the probe itself: an undocumented route is "no such route"
        assertThat(isNoSuchRoute(live.get("/api/v1/definitely-not-a-route"))).isTrue();
        assertThat(isNoSuchRoute(live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets/" + assetId + "/nope")).GET()))).isTrue();

        List<String> unanswered = new ArrayList<>();
        for (Op op : documented()) {
            boolean read = op.method().equals("GET");
            // reads use things that exist; writes use ids that do not, so that nothing changes
            String path = op.path()
                    .replace("{id}", read ? Long.toString(op.path().startsWith("/api/v1/jobs") ? firstJobId()
                            : op.path().startsWith("/api/v1/collections") ? aCollection() : assetId) : "987654321")
                    .replace("{name}", read ? "trip" : "no-such-batch")
                    .replace("{scanId}", "no-such-scan")
                    .replace("{file}", "0.jpg")
                    .replace("{token}", "no-such-token")
                    .replace("{key}", "no-such-key")
                    .replace("{sceneId}", "987654321")
                    .replace("{source}", read ? "test-1" : "no-such-source")
                    .replace("{kind}", read ? "poster-small" : "no-such-kind");
            assertThat(path).as("every placeholder of %s is filled", op).doesNotContain("{");
            JsonNode o = doc.path("paths").path(op.path()).path(op.method().toLowerCase(Locale.ROOT));
            // documented query parameters with a valid value each (the server must accept what it documents)
            boolean allKnown = true;
            StringBuilder query = new StringBuilder();
            for (JsonNode p : o.path("parameters")) {
                if (!p.path("in").asText().equals("query")) continue;
                String value = QUERY_VALUES.get(p.path("name").asText());
                // a name that means something else here (kind of job, not of asset): its first allowed value
                JsonNode allowed = p.path("schema").path("enum");
                if (value != null && allowed.isArray() && !allowed.isEmpty() && !allowed.toString().contains("\"" + value + "\"")) {
                    value = allowed.get(0).asText();
                }
                if (value == null) {
                    allKnown = false;
                    continue;
                }
                query.append(query.isEmpty() ? "?" : "&").append(p.path("name").asText()).append('=').append(value);
            }
            path += query;
            HttpRequest.BodyPublisher body = o.has("requestBody") ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody();
            // an endless stream (the live preview) is asked for its headers only
            boolean endless = o.path("responses").elements().next().path("content").has("multipart/x-mixed-replace; boundary=frame");
            HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri(path)).header("Content-Type", "application/json")
                    .method(endless ? "HEAD" : op.method(), body));
            if (isNoSuchRoute(r)) unanswered.add(op + " → " + r.statusCode() + " " + r.body());
            assertThat(r.statusCode()).as("%s %s → %s", op.method(), path, r.body()).isNotEqualTo(500);

            // JSON reads of things that exist answer with their documented status and media type
            String documentedType = o.path("responses").elements().next().path("content").fieldNames().hasNext()
                    ? o.path("responses").elements().next().path("content").fieldNames().next() : null;
            if (read && allKnown && "application/json".equals(documentedType) && !op.path().contains("{scanId}")
                    && !MADE_ON_REQUEST.contains(op.path())) {
                // one of its documented statuses (readiness is 503 while the index opens)
                assertThat(o.path("responses").has(Integer.toString(r.statusCode()))).as("%s %s → %s", op.method(), path, r.body())
                        .isTrue();
                assertThat(r.headers().firstValue("Content-Type")).as("%s %s", op.method(), path)
                        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            }
        }
        assertThat(unanswered).as("documented operations the server does not route").isEmpty();
        live.assertStillServing();
    }

    @Test
    void docsPageUsesTheLocallyServedSwaggerUi() {
        HttpResponse<String> page = live.get("/api/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        String html = page.body();
        assertThat(html).contains("/api/openapi.json").contains("SwaggerUIBundle");

        Matcher script = Pattern.compile("<script src=\"(/webjars/swagger-ui/[^\"]+/swagger-ui-bundle\\.js)\"").matcher(html);
        assertThat(script.find()).as("a swagger-ui webjar script in %s", html).isTrue();
        HttpResponse<String> js = live.get(script.group(1));
        assertThat(js.statusCode()).as("GET %s", script.group(1)).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("javascript"));
        assertThat(js.body().length()).isGreaterThan(100_000);
        assertThat(js.body()).contains("SwaggerUIBundle");

        Matcher css = Pattern.compile("href=\"(/webjars/swagger-ui/[^\"]+/swagger-ui\\.css)\"").matcher(html);
        assertThat(css.find()).as("the swagger-ui stylesheet in %s", html).isTrue();
        HttpResponse<String> style = live.get(css.group(1));
        assertThat(style.statusCode()).isEqualTo(200);
        assertThat(style.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/css"));
    }

    // ------------------------------------------------------------ helpers

    /** A valid value for each query parameter the API documents today. */
    /** The id of a collection (made on first use). */
    private static long aCollection() {
        var all = live.dam().collections().list();
        return all.isEmpty() ? live.dam().collections().create(org.thatdam.core.collections.NewCollection.named("Probe"),
                org.thatdam.model.Actor.commandLine()).id() : all.get(0).id();
    }

    private static final java.util.Map<String, String> QUERY_VALUES = java.util.Map.ofEntries(
            java.util.Map.entry("kind", "video"), java.util.Map.entry("status", "ok"), java.util.Map.entry("batch", "trip"),
            java.util.Map.entry("sort", "name"), java.util.Map.entry("limit", "10"), java.util.Map.entry("offset", "0"),
            java.util.Map.entry("state", "queued"), java.util.Map.entry("size", "small"), java.util.Map.entry("by", "month"),
            java.util.Map.entry("from", "2000"), java.util.Map.entry("to", "2099-12-31"),
            java.util.Map.entry("q", "clip"), java.util.Map.entry("facets", "false"), java.util.Map.entry("asset", "1"));

    record Op(String method, String path) implements Comparable<Op> {
        @Override
        public int compareTo(Op o) {
            int c = path.compareTo(o.path);
            return c != 0 ? c : method.compareTo(o.method);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Op> documented() {
        List<Op> ops = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> ops.add(new Op(m.toUpperCase(Locale.ROOT), p.getKey()))));
        assertThat(ops).isNotEmpty();
        return ops;
    }

    private static long firstJobId() {
        return LiveServer.items(live.getJson("/api/v1/jobs?limit=1")).get(0).path("id").asLong();
    }

    private static boolean isNoSuchRoute(HttpResponse<String> r) {
        if (r.statusCode() != 404 && r.statusCode() != 405) return false;
        JsonNode error = LiveServer.parse(r.body()).path("error");
        return error.path("message").asText().startsWith("no such route") || r.statusCode() == 405;
    }
}
