package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every answer carries the security headers, whoever writes it: a route, a static file, Javalin's
 * own errors, the request guard, and Jetty for requests it rejects before any handler.
 */
class SecurityHeadersTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    private static void assertHeaders(String what, LiveServer.RawResponse r) {
        assertThat(r.header("X-Content-Type-Options")).as("nosniff on %s", what).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).as("Referrer-Policy on %s", what).isEqualTo("same-origin");
        assertThat(r.header("X-Frame-Options")).as("X-Frame-Options on %s", what).isEqualTo("SAMEORIGIN");
        assertThat(r.header("Content-Security-Policy")).as("CSP on %s", what).contains("frame-ancestors 'self'");
    }

    @Test
    void everyKindOfAnswerCarriesThem() {
        Map<String, Integer> requests = new java.util.LinkedHashMap<>();
        requests.put("GET /api/v1/stats HTTP/1.1", 200);
        requests.put("HEAD /api/v1/assets HTTP/1.1", 200);
        requests.put("GET /health HTTP/1.1", 200);
        requests.put("GET /api/openapi.json HTTP/1.1", 200);
        requests.put("GET /api/v1/assets/987654321 HTTP/1.1", 404);
        requests.put("GET /api/v1/no-such-route HTTP/1.1", 404);
        requests.put("PUT /api/v1/stats HTTP/1.1", 405);
        requests.put("GET /api/v1/assets?nope=1 HTTP/1.1", 400);
        requests.put("GET /api/v1/assets/%zz HTTP/1.1", 400); // refused by Jetty before any handler
        for (var e : requests.entrySet()) {
            LiveServer.RawResponse r = live.raw(e.getKey(), new byte[0]);
            assertThat(r.status()).as(e.getKey() + " → " + r.body()).isEqualTo(e.getValue());
            assertHeaders(e.getKey(), r);
        }
        LiveServer.RawResponse tooLarge = live.raw("POST /api/v1/prune HTTP/1.1\r\nContent-Type: application/json",
                new byte[(int) DamServer.MAX_REQUEST_BYTES + 1]);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertHeaders("a body over the limit", tooLarge);
        LiveServer.RawResponse badHost = live.raw("GET /api/v1/stats HTTP/1.1", new byte[0], "evil.example");
        assertThat(badHost.status()).isEqualTo(421);
        assertHeaders("a foreign Host", badHost);
    }

    @Test
    void theDocsPageHasAPolicyOfItsOwnThatAllowsOnlyItsInlineScript() throws Exception {
        LiveServer.RawResponse docs = live.raw("GET /api/docs HTTP/1.1", new byte[0]);
        assertThat(docs.status()).isEqualTo(200);
        assertHeaders("/api/docs", docs);
        String csp = docs.header("Content-Security-Policy");
        Matcher inline = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(docs.body());
        assertThat(inline.find()).isTrue();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(inline.group(1).getBytes(StandardCharsets.UTF_8));
        assertThat(csp).contains("script-src 'self' 'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'")
                .doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'");
        Matcher script = Pattern.compile("<script src=\"(/webjars/swagger-ui/[^\"]+)\"").matcher(docs.body());
        assertThat(script.find()).isTrue();
        LiveServer.RawResponse file = live.raw("GET " + script.group(1) + " HTTP/1.1", new byte[0]);
        assertThat(file.status()).isEqualTo(200);
        assertHeaders("a static file", file);
    }
}
