package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.model.Role;

/**
 * {@code /metrics} answers a scraper on this machine without a credential, and anyone else (a
 * client through the reverse proxy included) only with a valid API key or session.
 */
class MetricsAccessTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of()).config(ConfigKey.SERVER_TRUSTED_PROXIES, "127.0.0.1");

    private static HttpRequest.Builder metrics(String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(live.uri("/metrics")).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return b;
    }

    @Test
    void aLocalScraperNeedsNoCredential() {
        HttpResponse<String> r = live.sendAnonymous(metrics());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("dam_jobs{");
    }

    @Test
    void aClientThroughTheProxyNeedsACredential() {
        LiveServer.assertJsonError("through the proxy, anonymous", live.sendAnonymous(metrics("X-Forwarded-For", "203.0.113.9")), 401);
        HttpResponse<String> r = live.sendAnonymous(metrics("X-Forwarded-For", "203.0.113.9",
                "Authorization", "Bearer " + live.key(Role.VIEWER)));
        assertThat(r.statusCode()).as("any role's key: " + r.body()).isEqualTo(200);
        assertThat(r.body()).contains("dam_jobs{");
    }

    @Test
    void forwardingHeadersFromAnyPeerCountAsComingThroughAProxy() {
        // A proxy on this machine that is not configured as trusted still forwards remote clients.
        LiveServer.assertJsonError("X-Real-IP", live.sendAnonymous(metrics("X-Real-IP", "203.0.113.9")), 401);
        LiveServer.assertJsonError("Forwarded", live.sendAnonymous(metrics("Forwarded", "for=127.0.0.1")), 401);
    }

    @Test
    void aWrongCredentialIsRefusedEvenLocally() {
        LiveServer.assertJsonError("revoked or mistyped key", live.sendAnonymous(metrics("Authorization", "Bearer dam_notakey")), 401);
        LiveServer.assertJsonError("not a bearer token", live.sendAnonymous(metrics("Authorization", "Basic YTpi")), 401);
        LiveServer.assertJsonError("ended session", live.sendAnonymous(metrics("Cookie", CredentialAccess.COOKIE + "=gone")), 401);
        HttpResponse<String> r = live.sendAnonymous(metrics("Authorization", "Bearer " + live.key(Role.VIEWER)));
        assertThat(r.statusCode()).as("a valid one: " + r.body()).isEqualTo(200);
    }

    @Test
    void theLocalKeyWorksOnlyFromThisMachineDirectly() {
        String local = "Bearer " + live.dam().localKey();
        assertThat(live.sendAnonymous(metrics("Authorization", local)).statusCode()).isEqualTo(200);
        assertThat(LiveServer.assertJsonError("local key through the proxy", live.sendAnonymous(metrics("X-Forwarded-For", "203.0.113.9",
                "Authorization", local)), 401).path("message").asText()).contains("local key works only on this machine");
    }

    @Test
    void aSessionOfAnyRoleWorksToo() {
        live.key(Role.VIEWER); // makes the user "viewer"
        HttpResponse<String> login = live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"viewer\",\"password\":" + LiveServer.quote(LiveServer.PASSWORD) + "}")));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> r = live.sendAnonymous(metrics("X-Forwarded-For", "203.0.113.9", "Cookie", cookie));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
