package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** A library without users is served on loopback only (its setup page); however the server is started. */
class ExposedWithoutUsersTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of()).noUsers();

    @Test
    void everyInterfaceIsRefusedAndNothingListens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        for (String host : new String[] {"0.0.0.0", "::"}) {
            assertThatThrownBy(() -> DamServer.start(live.dam(), host, port)).isInstanceOf(DamException.class)
                    .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(ErrorCode.SETUP_REQUIRED))
                    .hasMessageContaining("refusing to serve on " + host + " while this library has no user")
                    .hasMessageContaining("dam users add NAME --role admin --password-stdin");
        }
        try (ServerSocket free = new ServerSocket(port)) {
            assertThat(free.getLocalPort()).as("nothing listened on the port").isEqualTo(port);
        }
        // loopback, where the setup page is: served
        assertThat(live.sendAnonymous(java.net.http.HttpRequest.newBuilder(live.uri("/api/v1/auth/status"))).body())
                .contains("\"setupRequired\":true");
    }

    /**
     * The first admin is created on the server's machine only: behind a reverse proxy on the same
     * machine the server listens on loopback, and every client on the internet arrives from there.
     */
    @Nested
    class SetupOnlyHere {

        private static final String SETUP = "POST /api/v1/auth/setup HTTP/1.1\r\nContent-Type: application/json";
        private static final byte[] FIRST = "{\"username\":\"root\",\"password\":\"the first password\"}"
                .getBytes(StandardCharsets.UTF_8);

        @RegisterExtension
        final LiveServer server = LiveServer.withMedia(Map.of()).noUsers()
                .config(ConfigKey.SERVER_TRUSTED_PROXIES, "127.0.0.1")
                .config(ConfigKey.SERVER_ALLOWED_HOSTS, "dam.example.org");

        @Test
        void throughAProxyTheSetupIsRefusedAndThePageIsToldWhere() {
            String proxied = "\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: dam.example.org";
            JsonNode status = LiveServer.parse(server.raw("GET /api/v1/auth/status HTTP/1.1" + proxied, new byte[0]).body());
            assertThat(status.path("setupRequired").asBoolean()).isTrue();
            assertThat(status.path("setupAllowedHere").asBoolean()).isFalse();

            for (String via : new String[] {proxied, "\r\nX-Real-IP: 203.0.113.9", "\r\nForwarded: for=127.0.0.1"}) {
                LiveServer.RawResponse r = server.raw(SETUP + via, FIRST);
                assertThat(LiveServer.assertJsonError("setup " + via.strip(), r, 403).path("message").asText())
                        .isEqualTo("create the first admin on the server's machine: open the dashboard there, or run"
                                + " dam users add NAME --role admin --password-stdin");
                assertThat(r.header("Set-Cookie")).isNull();
            }
            assertThat(server.dam().users().needsSetup()).as("nobody was made admin").isTrue();

            JsonNode here = LiveServer.parse(server.raw("GET /api/v1/auth/status HTTP/1.1", new byte[0]).body());
            assertThat(here.path("setupAllowedHere").asBoolean()).as("on this machine, directly").isTrue();
            LiveServer.RawResponse created = server.raw(SETUP, FIRST);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode after = LiveServer.parse(server.raw("GET /api/v1/auth/status HTTP/1.1", new byte[0]).body());
            assertThat(after.path("setupRequired").asBoolean()).isFalse();
            assertThat(after.path("setupAllowedHere").asBoolean()).isFalse();
        }
    }
}
