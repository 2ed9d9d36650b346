package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigException;
import org.thatdam.core.config.ConfigKey;

/**
 * {@code server.allowed-hosts}: the names users reach the server under, besides loopback names and
 * addresses. Any other name in {@code Host} is refused, however the server is bound.
 */
class AllowedHostsTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia()
            .config(ConfigKey.SERVER_ALLOWED_HOSTS, "dam.example.org, Media.Example.ORG:8443");

    @Test
    void theConfiguredNamesAndAddressesAreAnswered() {
        for (String host : new String[] {"dam.example.org", "dam.example.org:" + live.port(), "MEDIA.example.org", "media.example.org.",
                "192.168.1.5:" + live.port(), "[fe80::1]:" + live.port(), "localhost:" + live.port()}) {
            LiveServer.RawResponse r = live.raw("GET /api/v1/stats HTTP/1.1", new byte[0], host);
            assertThat(r.status()).as("Host " + host + " → " + r.body()).isEqualTo(200);
        }
    }

    @Test
    void otherNamesAreRefused() {
        for (String host : new String[] {"evil.example", "dam.example.org.evil.example", "example.org", "192.168.1.5.nip.io"}) {
            LiveServer.RawResponse r = live.raw("GET /api/v1/stats HTTP/1.1", new byte[0], host);
            assertThat(LiveServer.assertJsonError("Host " + host, r, 421).path("message").asText())
                    .contains("server.allowed-hosts");
        }
    }

    @Test
    void aServerOnEveryAddressKnowsOnlyTheConfiguredNames() {
        assertThat(CrossSiteGuard.hostNames("0.0.0.0", "")).isEmpty();
        assertThat(CrossSiteGuard.hostNames("::", " a.example , b.example:80,")).isEqualTo(Set.of("a.example", "b.example"));
        assertThat(CrossSiteGuard.hostNames("nas.local", "")).isEqualTo(Set.of("nas.local"));
        for (String bad : new String[] {"http://a.example", "a.example/x", "a b", "*.example"}) {
            assertThatThrownBy(() -> CrossSiteGuard.hostNames("0.0.0.0", bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("server.allowed-hosts");
        }
    }
}
