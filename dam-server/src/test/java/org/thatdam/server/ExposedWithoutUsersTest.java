package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
}
