package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigException;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.model.AuditEntry;

/**
 * Behind a reverse proxy: the forwarding headers of a peer in {@code server.trusted-proxies} say
 * who the client is, whether it came over HTTPS and which host name it asked for; the same headers
 * from any other peer are ignored.
 */
class ProxyHeadersTest {

    private static final String LOGIN = "POST /api/v1/auth/login HTTP/1.1\r\nContent-Type: application/json";
    private static final byte[] RIGHT = body(LiveServer.PASSWORD);
    private static final byte[] WRONG = body("not the password");

    private static byte[] body(String password) {
        return ("{\"username\":\"admin\",\"password\":" + LiveServer.quote(password) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The page at https://dam.example.org, served by nginx on this machine in front of the server. */
    @Nested
    class BehindATrustedProxy {

        @RegisterExtension
        final LiveServer live = LiveServer.withMedia(Map.of())
                .config(ConfigKey.SERVER_TRUSTED_PROXIES, "127.0.0.0/8, ::1")
                .config(ConfigKey.SERVER_ALLOWED_HOSTS, "dam.example.org");

        @Test
        void thePageOfThePublicNameLogsInAndGetsASecureCookie() {
            LiveServer.RawResponse r = live.raw(LOGIN + "\r\nOrigin: https://dam.example.org\r\nSec-Fetch-Site: same-origin"
                    + "\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: dam.example.org", RIGHT, local());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("Set-Cookie")).contains("dam_session=").contains("Secure").contains("HttpOnly");
        }

        @Test
        void theForwardedHeaderIsNotBelieved() {
            // nginx passes the client's own Forwarded header through, next to the X-Forwarded-* it sets
            String forged = "\r\nForwarded: for=\"[2001:db8::7]:4711\";proto=https;host=evil.example";
            LiveServer.RawResponse r = live.raw(LOGIN + forged + "\r\nX-Forwarded-For: 203.0.113.9", RIGHT, local());
            assertThat(r.status()).as("the forged host is not the host: " + r.body()).isEqualTo(200);
            assertThat(r.header("Set-Cookie")).as("nor is the forged proto").doesNotContain("Secure");

            live.raw(LOGIN + forged + "\r\nX-Forwarded-For: 203.0.113.9", WRONG, local());
            assertThat(lastFailedLogin().address()).isEqualTo("203.0.113.9");
        }

        @Test
        void protoAndHostAreWhatTheNearestProxySetNotWhatTheClientSentFirst() {
            // a proxy that appends: the client's values first, the proxy's own last
            LiveServer.RawResponse r = live.raw(LOGIN + "\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https, http"
                    + "\r\nX-Forwarded-Host: evil.example, dam.example.org", RIGHT, local());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("Set-Cookie")).as("the client reached the proxy over http").doesNotContain("Secure");

            r = live.raw(LOGIN + "\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Proto: https", RIGHT, local());
            assertThat(r.header("Set-Cookie")).as("two header lines: the last one").contains("Secure");

            r = live.raw("GET /api/v1/stats HTTP/1.1\r\nX-Forwarded-Host: dam.example.org\r\nX-Forwarded-Host: evil.example",
                    new byte[0], local());
            assertThat(LiveServer.assertJsonError("forwarded host", r, 421).path("message").asText()).contains("evil.example");
        }

        @Test
        void theLocalKeyIsRefusedThroughTheProxy() {
            String stats = "GET /api/v1/stats HTTP/1.1\r\nAuthorization: Bearer " + live.dam().localKey();
            assertThat(live.raw(stats, new byte[0], local()).status()).as("from this machine, directly").isEqualTo(200);
            for (String via : List.of("X-Forwarded-For: 203.0.113.9", "X-Real-IP: 203.0.113.9", "Forwarded: for=127.0.0.1")) {
                LiveServer.RawResponse r = live.raw(stats + "\r\n" + via, new byte[0], local());
                assertThat(LiveServer.assertJsonError(via, r, 401).path("message").asText()).contains("local key works only on this machine");
            }
        }

        @Test
        void theClientIsTheRightmostAddressThatIsNotAProxy() {
            // what the client made up, the client as nginx saw it, then a second proxy of ours
            LiveServer.RawResponse r = live.raw(LOGIN + "\r\nX-Forwarded-For: 198.51.100.66, 203.0.113.9, 127.0.0.2", WRONG, local());
            LiveServer.assertJsonError("wrong password", r, 401);
            assertThat(lastFailedLogin().address()).as("audit log and login throttling see the real client").isEqualTo("203.0.113.9");

            live.raw(LOGIN + "\r\nX-Forwarded-For: not-an-address, 127.0.0.3", WRONG, local());
            assertThat(lastFailedLogin().address()).as("garbage ends the walk at the proxy that reported it").isEqualTo("127.0.0.3");
        }

        @Test
        void aForwardedHostNameTheServerDoesNotKnowIsRefused() {
            LiveServer.RawResponse r = live.raw("GET /api/v1/stats HTTP/1.1\r\nAuthorization: Bearer " + live.key(org.thatdam.model.Role.VIEWER)
                    + "\r\nX-Forwarded-Host: evil.example", new byte[0], local());
            assertThat(LiveServer.assertJsonError("forwarded host", r, 421).path("message").asText()).contains("evil.example");
        }

        @Test
        void aPageOfAnotherOriginBehindTheProxyIsStillRefused() {
            LiveServer.RawResponse r = live.raw(LOGIN + "\r\nOrigin: https://evil.example\r\nX-Forwarded-Proto: https"
                    + "\r\nX-Forwarded-Host: dam.example.org", RIGHT, local());
            LiveServer.assertJsonError("other origin", r, 403);
        }

        @Test
        void theEventStreamOpensFromThePageOfThePublicName() throws Exception {
            WebSocket ws = openEvents(live, "https://dam.example.org");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        }

        private String local() {
            return "127.0.0.1:" + live.port();
        }

        private AuditEntry lastFailedLogin() {
            return live.dam().audit().query(null, null, 50).stream().filter(e -> e.action().equals(org.thatdam.core.audit.AuditAction.LOGIN_FAILED.id()))
                    .findFirst().orElseThrow();
        }
    }

    /** A share link made through the proxy names the public address. */
    @Nested
    class SharingBehindATrustedProxy {

        @RegisterExtension
        final LiveServer live = LiveServer.withMedia(Map.of("short.mp4", org.thatdam.media.testing.TestMedia::shortClip))
                .config(ConfigKey.SERVER_TRUSTED_PROXIES, "127.0.0.1")
                .config(ConfigKey.SERVER_ALLOWED_HOSTS, "dam.example.org");

        @Test
        void theLinkIsOnThePublicNameOverHttps() {
            String body = "{\"assetId\":" + live.idOf("short.mp4") + "}";
            LiveServer.RawResponse r = live.raw("POST /api/v1/shares HTTP/1.1\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                    + live.key(org.thatdam.model.Role.EDITOR) + "\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: dam.example.org",
                    body.getBytes(StandardCharsets.UTF_8), "127.0.0.1:" + live.port());
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(LiveServer.parse(r.body()).path("url").asText()).startsWith("https://dam.example.org/share.html#");
        }
    }

    /** The same headers from a peer that is not a configured proxy: anyone can write them. */
    @Nested
    class FromAnUntrustedPeer {

        @RegisterExtension
        final LiveServer live = LiveServer.withMedia(Map.of())
                .config(ConfigKey.SERVER_TRUSTED_PROXIES, "10.0.0.0/8")
                .config(ConfigKey.SERVER_ALLOWED_HOSTS, "dam.example.org");

        @Test
        void aSpoofedForwardedHostDoesNotMakeAnotherOriginSameOrigin() {
            LiveServer.RawResponse r = live.raw(LOGIN + "\r\nOrigin: https://dam.example.org\r\nX-Forwarded-Host: dam.example.org"
                    + "\r\nX-Forwarded-Proto: https", RIGHT, "127.0.0.1:" + live.port());
            LiveServer.assertJsonError("spoofed X-Forwarded-Host", r, 403);
        }

        @Test
        void spoofedProtoAndClientAreIgnored() {
            LiveServer.RawResponse r = live.raw(LOGIN + "\r\nX-Forwarded-Proto: https\r\nX-Forwarded-For: 203.0.113.9"
                    + "\r\nForwarded: for=198.51.100.1;proto=https", RIGHT, "127.0.0.1:" + live.port());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("Set-Cookie")).contains("dam_session=").doesNotContain("Secure");

            live.raw(LOGIN + "\r\nX-Forwarded-For: 203.0.113.9", WRONG, "127.0.0.1:" + live.port());
            AuditEntry failed = live.dam().audit().query(null, null, 50).stream().filter(e -> e.action().equals(org.thatdam.core.audit.AuditAction.LOGIN_FAILED.id()))
                    .findFirst().orElseThrow();
            assertThat(failed.address()).isEqualTo("127.0.0.1");
        }

        @Test
        void theEventStreamRefusesThePageOfTheSpoofedName() {
            assertThatThrownBy(() -> openEvents(live, "https://dam.example.org"))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        }

        @Test
        void aSpoofedForeignHostDoesNotHideTheRealOne() {
            LiveServer.RawResponse r = live.raw("GET /api/v1/stats HTTP/1.1\r\nAuthorization: Bearer " + live.key(org.thatdam.model.Role.VIEWER)
                    + "\r\nX-Forwarded-Host: dam.example.org", new byte[0], "evil.example");
            LiveServer.assertJsonError("foreign Host with a spoofed X-Forwarded-Host", r, 421);
        }
    }

    /** The event stream as the dashboard at {@code origin} opens it through nginx. */
    private static WebSocket openEvents(LiveServer live, String origin) throws Exception {
        return live.webSocket().header("Origin", origin).header("X-Forwarded-Host", "dam.example.org")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "203.0.113.9")
                .buildAsync(URI.create("ws://127.0.0.1:" + live.port() + "/api/v1/events"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void addressesAndRanges() throws Exception {
        TrustedProxies p = TrustedProxies.parse(" 10.0.0.0/8, 192.168.1.7 ,fd00::/8, [::1]");
        for (String yes : List.of("10.0.0.1", "10.255.255.255", "192.168.1.7", "fd12::1", "::1")) {
            assertThat(p.trusts(InetAddress.getByName(yes))).as(yes).isTrue();
        }
        for (String no : List.of("11.0.0.1", "192.168.1.8", "fe80::1", "127.0.0.1", "::2")) {
            assertThat(p.trusts(InetAddress.getByName(no))).as(no).isFalse();
        }
        assertThat(TrustedProxies.parse("172.16.0.0/12").trusts(InetAddress.getByName("172.31.255.1"))).isTrue();
        assertThat(TrustedProxies.parse("172.16.0.0/12").trusts(InetAddress.getByName("172.32.0.1"))).isFalse();
        assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
    }

    @Test
    void anythingElseIsAConfigErrorThatSaysWhatToGive() {
        for (String bad : List.of("proxy.lan", "10.0.0.0/33", "10.0.0.300", "::1/129", "10.0.0.0/x", "10.0.0.1:80", "*")) {
            assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1, " + bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("server.trusted-proxies").hasMessageContaining("is not an IP address or CIDR range");
        }
    }
}
