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
            int before = updates(kept);
            live.patch("/api/v1/assets/" + clip, "{\"title\":\"after\"}");
            kept.awaitCount(m -> m.path("type").asText().equals("asset.updated"), before + 1, Duration.ofSeconds(10));
            assertThat(updates(revoked)).as("updates the revoked stream got").isLessThan(edits[0]);
        }
    }

    private static int updates(EventClient c) {
        return (int) c.messages().stream().filter(m -> m.path("type").asText().equals("asset.updated")).count();
    }
}
