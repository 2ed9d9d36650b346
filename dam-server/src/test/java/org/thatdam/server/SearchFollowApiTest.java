package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.model.Actor;

/**
 * The server's search follows the catalog: its own saves are searchable when the response arrives
 * (also while jobs keep the machine busy), and changes made by another process reach it within the poll.
 */
class SearchFollowApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    @BeforeAll
    static void start() throws Exception {
        assertThat(live.getJson("/api/v1/search?q=").path("total").asInt()).isEqualTo(LiveServer.LAYOUT.size());
    }

    static long total(String query) {
        return live.getJson("/api/v1/search?facets=false&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .path("total").asLong();
    }

    @Test
    void aSaveIsSearchableWhenItsResponseArrivesEvenWithJobsRunning() {
        live.dam().engine().start();
        long clip = live.idOf("trip/clip.mp4");
        long legacy = live.idOf("old/legacy.avi");
        for (long id : List.of(clip, legacy)) {
            for (String kind : List.of("proxy", "sprite", "poster")) {
                assertThat(live.post("/api/v1/assets/" + id + "/regenerate?kind=" + kind, "").statusCode()).isEqualTo(202);
            }
        }
        for (int i = 0; i < 5; i++) {
            String word = "quayside" + (char) ('a' + i);
            var r = live.patch("/api/v1/assets/" + clip, "{\"title\": \"" + word + "\", \"tags\": [\"tide" + i + "\"]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(total(word)).as("title %s searchable at once", word).isEqualTo(1);
            assertThat(total("tag:tide" + i)).isEqualTo(1);
        }
        assertThat(live.patch("/api/v1/batches/old", "{\"name\": \"harbour\"}").statusCode()).isEqualTo(200);
        assertThat(total("batch:harbour")).isEqualTo(2);
        assertThat(live.delete("/api/v1/assets/" + live.idOf("audio/tone.wav")).statusCode()).isBetween(200, 204);
        assertThat(total("kind:audio")).isEqualTo(1);
        live.awaitJobsIdle();
    }

    @Test
    void aChangeByAnotherProcessReachesTheServersSearch() throws Exception {
        long id = live.idOf("short.mp4");
        // A second library handle on the same home: its own connections and event bus, like a CLI process.
        try (Dam other = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, live.tmp().resolve("home").toString())))) {
            other.assets().update(id, AssetPatch.none().withTitle("Lantern festival"), Actor.commandLine());
        }
        await("reached the server's index").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> total("lantern") > 0);
        JsonNode hit = live.getJson("/api/v1/search?q=lantern").path("items").get(0);
        assertThat(hit.path("id").asLong()).isEqualTo(id);
        assertThat(live.dam().search().rebuilds()).as("followed, not rebuilt").isLessThanOrEqualTo(1);
    }

    @Test
    void reindexRebuildsAndAnswersTheDocumentCount() {
        var r = live.post("/api/v1/reindex", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = LiveServer.parse(r.body());
        assertThat(body.path("documents").asLong()).isEqualTo(live.dam().search().count());
        assertThat(body.has("tookMs")).isTrue();
    }
}
