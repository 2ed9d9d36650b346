package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad and hostile requests: each gets a 4xx JSON error (never a 500, an HTML page or a stack
 * trace), and the server keeps serving afterwards.
 */
class HostileInputApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    @AfterEach
    void serverStillServes() {
        live.assertStillServing();
    }

    // ------------------------------------------------------------ asset ids

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1.5", "1e3", "0x10", "+1", "99999999999999999999", "9223372036854775808",
            "1%20", "%20", "1;drop%20table%20asset", "%27%20OR%201=1--", "%E2%80%8B1", "%D9%A1"})
    void malformedIdIsBadRequest(String id) {
        HttpResponse<String> r = live.get("/api/v1/assets/" + id);
        JsonNode error = LiveServer.assertJsonError("GET /api/v1/assets/" + id, r, 400);
        assertThat(error.path("code").asText()).isEqualTo("bad_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..%2f..%2fetc%2fpasswd", "..%2F..%2F..%2Fetc%2Fpasswd", "%00", "1%00", "%2e%2e",
            "..%5c..%5cwindows", "%252e%252e%252f", "1%0d%0aX-Injected:%20yes"})
    void encodedTrickeryInTheIdIsAClientError(String id) {
        HttpResponse<String> r = live.get("/api/v1/assets/" + id);
        LiveServer.assertJsonError("GET /api/v1/assets/" + id, r, 0);
        assertThat(r.headers().firstValue("X-Injected")).isEmpty();
        assertThat(r.body()).doesNotContain("root:");
    }

    @Test
    void dotSegmentsInTheRawPathDoNotEscape() {
        // Sent verbatim (HttpClient would not normalise them, but to be sure of what goes on the wire).
        for (String path : new String[] {"/api/v1/assets/../../../../etc/passwd", "/api/v1/assets/..%2f..%2f..%2fetc%2fpasswd",
                "/../../etc/passwd", "/api/v1/assets/%zz", "/api/v1/assets/%", "/api/v1/assets/a%00b"}) {
            LiveServer.RawResponse r = live.raw("GET " + path + " HTTP/1.1", new byte[0]);
            LiveServer.assertJsonError("raw GET " + path, r, 0);
            assertThat(r.body()).doesNotContain("root:");
        }
    }

    @Test
    void tenThousandCharacterIdIsAClientError() {
        String digits = "1".repeat(10_000);
        LiveServer.assertJsonError("10,000-digit id", live.get("/api/v1/assets/" + digits), 0);
        String letters = "a".repeat(10_000);
        HttpResponse<String> r = live.get("/api/v1/assets/" + letters);
        LiveServer.assertJsonError("10,000-letter id", r, 0);
        assertThat(r.body().length()).as("the error does not echo the whole id").isLessThan(1_000);
    }

    @Test
    void hugeHeaderIsAClientError() {
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets"))
                .header("X-Junk", "x".repeat(64 * 1024)).GET());
        LiveServer.assertJsonError("64 KB header", r, 0);
    }

    // ------------------------------------------------------------ query parameters

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=-5", "limit=100000", "limit=1001", "limit=abc", "limit=1.5",
            "limit=99999999999999999999", "limit=%00", "offset=-1", "offset=abc", "offset=99999999999999",
            "kind=spaceship", "kind=%00", "kind=video%00", "status=%3Cscript%3Ealert(1)%3C/script%3E", "status=deleted",
            "sort=drop%20table", "sort=name;%20DROP%20TABLE%20asset", "sort=id", "sort=%00",
            "limit=%2B%2B1", "offset=1%2C000"})
    void badQueryParameterIsBadRequest(String query) {
        HttpResponse<String> r = live.get("/api/v1/assets?" + query);
        JsonNode error = LiveServer.assertJsonError("GET /api/v1/assets?" + query, r, 400);
        assertThat(error.path("code").asText()).isEqualTo("bad_request");
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void badParameterErrorsNameTheParameter() {
        assertThat(LiveServer.assertJsonError("limit", live.get("/api/v1/assets?limit=0"), 400).path("message").asText())
                .contains("limit");
        assertThat(LiveServer.assertJsonError("offset", live.get("/api/v1/assets?offset=-1"), 400).path("message").asText())
                .contains("offset");
        assertThat(LiveServer.assertJsonError("kind", live.get("/api/v1/assets?kind=spaceship"), 400).path("message").asText())
                .contains("kind");
        assertThat(LiveServer.assertJsonError("status", live.get("/api/v1/assets?status=x"), 400).path("message").asText())
                .contains("status");
        assertThat(LiveServer.assertJsonError("sort", live.get("/api/v1/assets?sort=x"), 400).path("message").asText())
                .contains("sort");
    }

    @Test
    void hugeBatchFilterIsRejectedAndInjectionIsInert() {
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets?batch=" + "b".repeat(4000))).GET());
        assertThat(LiveServer.assertJsonError("4000-char batch", r, 400).path("message").asText())
                .isEqualTo("batch is longer than 200 characters");
        JsonNode injection = live.getJson("/api/v1/assets?batch=old%27%20OR%20%271%27=%271");
        assertThat(injection.path("total").asLong()).isZero();
    }

    // ------------------------------------------------------------ routes and methods

    @ParameterizedTest
    @ValueSource(strings = {"/", "/nope", "/api", "/api/v1", "/api/v1/nope", "/api/v2/assets", "/api/v1/assets/1/extra",
            "/health/x", "/index.html", "/WEB-INF/web.xml", "/api/v1/ASSETS"})
    void unknownRouteIsNotFoundJson(String path) {
        HttpResponse<String> r = live.get(path);
        JsonNode error = LiveServer.assertJsonError("GET " + path, r, 404);
        assertThat(error.path("code").asText()).isEqualTo("not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE /api/v1/assets", "POST /api/v1/assets", "PUT /api/v1/assets", "PATCH /api/v1/assets",
            "PUT /api/v1/assets/1", "POST /api/v1/assets/1", "DELETE /health", "POST /health", "PUT /api/v1/jobs/1"})
    void wrongMethodIsNotFoundOrNotAllowed(String call) {
        String method = call.substring(0, call.indexOf(' '));
        String path = call.substring(call.indexOf(' ') + 1);
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody()));
        LiveServer.assertJsonError(call, r, 0);
        assertThat(r.statusCode()).as(call).isIn(404, 405);
    }

    @Test
    void traceIsNotServed() {
        LiveServer.RawResponse r = live.raw("TRACE /api/v1/assets HTTP/1.1", new byte[0]);
        LiveServer.assertJsonError("TRACE", r, 0);
    }

    // ------------------------------------------------------------ bodies

    @Test
    void twoMegabyteBodyToAnEndpointIsRejected() {
        byte[] big = new byte[2 * 1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        for (String method : new String[] {"POST", "GET", "PUT"}) {
            HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets"))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(big)));
            JsonNode error = LiveServer.assertJsonError(method + " with a 2 MB body", r, 413);
            assertThat(error.path("code").asText()).isEqualTo("too_large");
            live.assertStillServing();
        }
        for (String target : new String[] {"/api/v1/assets", "/api/v1/assets/1", "/health", "/nope"}) {
            LiveServer.RawResponse raw = live.raw("POST " + target + " HTTP/1.1", big);
            LiveServer.assertJsonError("raw POST " + target + " with a 2 MB body", raw, 413);
        }
    }

    @Test
    void aBodyOnARouteThatTakesNoneIsRefused() {
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets?limit=1"))
                .method("GET", HttpRequest.BodyPublishers.ofString("{\"limit\":100000}")));
        assertThat(LiveServer.assertJsonError("body on a read", r, 400).path("message").asText()).isEqualTo("this route takes no body");
    }

    // ------------------------------------------------------------ strict query parameters

    @Test
    void anUnknownQueryParameterIsRefusedNamingTheAllowedOnes() {
        JsonNode e = LiveServer.assertJsonError("typo", live.get("/api/v1/assets?knd=video"), 400);
        assertThat(e.path("code").asText()).isEqualTo("bad_request");
        assertThat(e.path("message").asText())
                .isEqualTo("unknown query parameter 'knd'; allowed: kind, status, batch, sort, limit, offset");
        assertThat(LiveServer.assertJsonError("none taken", live.get("/api/v1/stats?x=1"), 400).path("message").asText())
                .isEqualTo("unknown query parameter 'x'; this route takes none");
    }

    @Test
    void aBadValueNamesTheAllowedValues() {
        assertThat(LiveServer.assertJsonError("kind", live.get("/api/v1/assets?kind=vidoe"), 400).path("message").asText())
                .isEqualTo("invalid kind 'vidoe'; allowed: video, audio, image, other");
        assertThat(LiveServer.assertJsonError("facets", live.get("/api/v1/search?facets=maybe"), 400).path("message").asText())
                .isEqualTo("invalid facets 'maybe'; allowed: true, false");
        JsonNode by = LiveServer.assertJsonError("timeline by", live.get("/api/v1/timeline?by=week"), 400);
        assertThat(by.path("code").asText()).isEqualTo("bad_request");
        assertThat(by.path("message").asText()).isEqualTo("invalid by 'week'; allowed: year, month, day");
        assertThat(LiveServer.assertJsonError("limit", live.get("/api/v1/jobs?limit=0"), 400).path("message").asText())
                .isEqualTo("limit must be a whole number from 1 to 1000, got '0'");
        assertThat(LiveServer.assertJsonError("twice", live.get("/api/v1/jobs?limit=1&limit=2"), 400).path("message").asText())
                .contains("more than once");
        assertThat(LiveServer.assertJsonError("from", live.get("/api/v1/timeline?from=20x"), 0).path("message").asText())
                .contains("'from'");
    }

    @Test
    void regenerateNeedsAKindOfDerivativeFile() {
        long id = live.idOf("trip/clip.mp4");
        assertThat(LiveServer.assertJsonError("no kind", live.post("/api/v1/assets/" + id + "/regenerate", ""), 400)
                .path("message").asText()).isEqualTo("query parameter 'kind' is required (poster, sprite, proxy)");
        assertThat(LiveServer.assertJsonError("hash", live.post("/api/v1/assets/" + id + "/regenerate?kind=full-hash", ""), 400)
                .path("message").asText()).isEqualTo("invalid kind 'full-hash'; allowed: poster, sprite, proxy");
    }

    @Test
    void idsRunFromOneToTheLargestLong() {
        assertThat(LiveServer.assertJsonError("zero", live.get("/api/v1/assets/0"), 400).path("code").asText()).isEqualTo("bad_request");
        assertThat(LiveServer.assertJsonError("largest", live.get("/api/v1/assets/" + Long.MAX_VALUE), 404).path("code").asText())
                .isEqualTo("not_found");
    }

    // ------------------------------------------------------------ methods

    @Test
    void aKnownRouteWithTheWrongMethodIs405WithAllow() {
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri("/api/v1/stats")).DELETE());
        JsonNode e = LiveServer.assertJsonError("DELETE stats", r, 405);
        assertThat(e.path("code").asText()).isEqualTo("method_not_allowed");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = live.send(HttpRequest.newBuilder(live.uri("/api/openapi.json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    }

    // ------------------------------------------------------------ bodies

    @Test
    void aFieldGivenTwiceIsRefused() {
        long id = live.idOf("trip/clip.mp4");
        JsonNode e = LiveServer.assertJsonError("dup", live.patch("/api/v1/assets/" + id, "{\"title\":\"a\",\"title\":\"b\"}"), 400);
        assertThat(e.path("message").asText()).startsWith("the request body has the field \"title\" twice");
    }

    @Test
    void nullsInsideListsAndObjectsAreRefusedByTheirPath() {
        long id = live.idOf("trip/clip.mp4");
        JsonNode args = LiveServer.assertJsonError("null arg", live.post("/api/v1/assets/" + id + "/ffmpeg", "{\"args\":[null]}"), 400);
        assertThat(args.path("message").asText()).isEqualTo("field \"args[0]\": null is not allowed here");
        JsonNode tags = LiveServer.assertJsonError("null tag", live.patch("/api/v1/assets/" + id, "{\"tags\":[\"a\",null]}"), 400);
        assertThat(tags.path("message").asText()).isEqualTo("field \"tags[1]\": null is not allowed here");
        JsonNode param = LiveServer.assertJsonError("null param", live.post("/api/v1/assets/" + id + "/ffmpeg",
                "{\"preset\":\"scale\",\"params\":{\"width\":null}}"), 400);
        assertThat(param.path("message").asText()).isEqualTo("field \"params.width\": null is not allowed here");
    }

    @Test
    void onlyUtf8BodiesAreRead() {
        long id = live.idOf("trip/clip.mp4");
        HttpResponse<String> bogus = live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets/" + id))
                .header("Content-Type", "application/json; charset=bogus")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}")));
        assertThat(LiveServer.assertJsonError("bogus charset", bogus, 415).path("code").asText()).isEqualTo("unsupported_media_type");
        HttpResponse<String> latin = live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets/" + id))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"',
                        (byte) 0xE9, '"', '}'})));
        assertThat(LiveServer.assertJsonError("latin-1", latin, 400).path("message").asText())
                .isEqualTo("the request body is not valid UTF-8 at byte 10");
        HttpResponse<String> utf8 = live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets/" + id))
                .header("Content-Type", "application/json; charset=UTF-8")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"caf\u00e9\"}")));
        assertThat(utf8.statusCode()).as(utf8.body()).isEqualTo(200);
        assertThat(LiveServer.parse(utf8.body()).path("title").asText()).isEqualTo("caf\u00e9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"peakFrames\": NaN}", "{\"peakFrames\": 1,}", "{'peakFrames': 1}", "{\"peakFrames\": 01}"})
    void parserMessagesStayInside(String body) {
        long id = live.idOf("trip/clip.mp4");
        JsonNode e = LiveServer.assertJsonError(body, live.post("/api/v1/assets/" + id + "/motion", body), 400);
        assertThat(e.path("message").asText()).startsWith("the request body is not valid JSON (line 1, column ")
                .doesNotContain("Feature").doesNotContain("Source").doesNotContain("`");
    }

    @Test
    void tooDeepAndOutOfRangeAreSaidPlainly() {
        long id = live.idOf("trip/clip.mp4");
        String deep = "{\"tags\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        assertThat(LiveServer.assertJsonError("deep", live.patch("/api/v1/assets/" + id, deep), 400).path("message").asText())
                .startsWith("the request body is nested too deeply");
        assertThat(LiveServer.assertJsonError("range", live.post("/api/v1/assets/" + id + "/motion", "{\"peakFrames\":5000000000}"), 400)
                .path("message").asText()).isEqualTo("field \"peakFrames\": the number is out of range");
    }

    @Test
    void jettyRefusalsCarryACodeOfTheSet() {
        LiveServer.RawResponse longUri = live.raw("GET /api/v1/assets?" + "a".repeat(20_000) + " HTTP/1.1", new byte[0]);
        assertThat(LiveServer.assertJsonError("long URI", longUri, 414).path("code").asText()).isEqualTo("too_large");
        LiveServer.RawResponse bad = live.raw("GET /api/v1/assets/%zz HTTP/1.1", new byte[0]);
        assertThat(LiveServer.assertJsonError("bad URI", bad, 400).path("code").asText()).isEqualTo("bad_request");
    }

    // ------------------------------------------------------------ derivatives

    @Test
    void anUnknownDerivativeIsNotFoundForEveryMethod() {
        long id = live.idOf("trip/clip.mp4");
        LiveServer.assertJsonError("GET bogus", live.get("/api/v1/assets/" + id + "/derivatives/bogus"), 404);
        LiveServer.assertJsonError("DELETE bogus", live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets/" + id
                + "/derivatives/bogus")).DELETE()), 404);
    }
}
