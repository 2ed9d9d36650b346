package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.access.ApiKeyService;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;

/** The event stream needs the same credentials as the API, for as long as it is open. */
class EventStreamAccessTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    @Test
    void aStreamEndsWhenItsKeyIsRevokedAndOthersGoOn() throws Exception {
        live.key(Role.VIEWER); // the viewer user
        ApiKeyService.NewApiKey doomed = live.dam().apiKeys().create("viewer", "doomed", Role.VIEWER, null, Principal.commandLine(), null);
        try (EventClient revoked = EventClient.withKey(live, doomed.secret());
             EventClient kept = EventClient.withKey(live, live.key(Role.VIEWER))) {
            revoked.await("hello", m -> m.path("type").asText().equals("hello"), Duration.ofSeconds(5));
            kept.await("hello", m -> m.path("type").asText().equals("hello"), Duration.ofSeconds(5));

            live.dam().apiKeys().revoke(doomed.key().id(), Principal.commandLine(), null);
            long clip = live.idOf("trip/clip.mp4");
            int[] edits = {0};
            // Events keep coming (each edit is one); the revoked stream is closed at its next check.
            await("the revoked key's stream closed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        live.patch("/api/v1/assets/" + clip, "{\"title\":\"edit " + (++edits[0]) + "\"}");
                        return revoked.closed();
                    });
            int got = updates(revoked);
            int before = updates(kept);
            live.patch("/api/v1/assets/" + clip, "{\"title\":\"after\"}");
            kept.awaitCount(m -> m.path("type").asText().equals("asset.updated"), before + 1, Duration.ofSeconds(10));
            // at most the events of one check interval reached it after the revocation, none after the close
            assertThat(got).as("updates the revoked stream got").isLessThan(edits[0]);
            assertThat(updates(revoked)).as("updates after the close").isEqualTo(got);
            assertThat(kept.closed()).isFalse();
        }
    }

    @Test
    void aQuietStreamEndsWhenItsSessionEnds() throws Exception {
        var session = live.dam().sessions().login(LiveServer.ADMIN, LiveServer.PASSWORD, "127.0.0.1", "tests");
        try (EventClient listening = EventClient.withCookie(live, "dam_session=" + session.token())) {
            listening.await("hello", m -> m.path("type").asText().equals("hello"), Duration.ofSeconds(5));
            live.dam().sessions().logout(session.token(), null);
            // no event flows: the periodic check closes it
            await("the logged-out stream closed").atMost(EventHub.IDLE_RECHECK.multipliedBy(3)).until(listening::closed);
        }
    }

    private static int updates(EventClient c) {
        return (int) c.messages().stream().filter(m -> m.path("type").asText().equals("asset.updated")).count();
    }
}
