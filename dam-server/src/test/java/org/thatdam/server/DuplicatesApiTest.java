package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Role;

/**
 * The duplicates API on the default media, fingerprinted by the real jobs: the H.264 MP4 and the
 * MPEG-4 AVI are the same generated clip, and are found as one group; keeping one forgets the
 * other from the catalog only, for editors, and nothing outside the group.
 */
class DuplicatesApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia().jobsDone();

    HttpResponse<String> post(String path, String json, Role role) {
        return live.send(HttpRequest.newBuilder(live.uri(path)).header("Authorization", "Bearer " + live.key(role))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void findsTheCopiesAndKeepsOne() throws Exception {
        long clip = live.idOf("trip/clip.mp4");
        long avi = live.idOf("old/legacy.avi");
        long tone = live.idOf("trip/tone.mp3");
        live.analyse(org.thatdam.core.jobs.JobKind.FINGERPRINT, clip, avi, live.idOf("short.mp4"));

        HttpResponse<String> list = live.send(HttpRequest.newBuilder(live.uri("/api/v1/duplicates"))
                .header("Authorization", "Bearer " + live.key(Role.VIEWER)));
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode view = LiveServer.parse(list.body());
        assertThat(view.path("fingerprinted").asInt()).as("the three videos; the 0.3 s one is too short to compare").isEqualTo(3);
        assertThat(view.path("pending").asInt()).isZero();
        assertThat(view.path("groups")).hasSize(1);
        JsonNode group = view.path("groups").get(0);
        List<Long> ids = new ArrayList<>();
        group.path("members").forEach(m -> ids.add(m.path("id").asLong()));
        assertThat(ids).containsExactlyInAnyOrder(clip, avi);
        JsonNode best = group.path("members").get(0);
        assertThat(best.path("best").asBoolean()).isTrue();
        assertThat(best.path("id").asLong()).isEqualTo(group.path("bestId").asLong());
        assertThat(group.path("reason").asText()).isNotBlank();
        assertThat(group.path("differences").toString()).contains("videoCodec", "container");
        assertThat(group.path("members").get(1).path("similarity").asDouble()).isGreaterThan(0.7);
        assertThat(group.path("members").get(1).path("videoCodec").asText()).isNotEqualTo(best.path("videoCodec").asText());

        String keep = "{\"keep\":" + clip + ",\"forget\":[" + avi + "]}";
        assertThat(post("/api/v1/duplicates/keep", keep, Role.VIEWER).statusCode()).as("viewers cannot forget").isEqualTo(403);
        HttpResponse<String> stranger = post("/api/v1/duplicates/keep", "{\"keep\":" + clip + ",\"forget\":[" + tone + "]}", Role.EDITOR);
        assertThat(stranger.statusCode()).isEqualTo(422);
        assertThat(LiveServer.parse(stranger.body()).path("error").path("message").asText()).contains("not duplicates of asset " + clip);
        HttpResponse<String> bad = post("/api/v1/duplicates/keep", "{\"keep\":\"x\",\"forget\":[]}", Role.EDITOR);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).doesNotContain("Exception").doesNotContain("at org.");
        HttpResponse<String> none = post("/api/v1/duplicates/keep", "{\"forget\":[" + avi + "]}", Role.EDITOR);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(LiveServer.parse(none.body()).path("error").path("message").asText()).contains("\"keep\"");
        assertThat(live.getJson("/api/v1/assets/" + tone).path("id").asLong()).isEqualTo(tone);

        HttpResponse<String> kept = post("/api/v1/duplicates/keep", keep, Role.EDITOR);
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(LiveServer.parse(kept.body()).path("forgotten").toString()).isEqualTo("[" + avi + "]");
        assertThat(live.get("/api/v1/assets/" + avi).statusCode()).isEqualTo(404);
        assertThat(Files.exists(Path.of(live.mediaDir().resolve("old/legacy.avi").toString()))).as("the file stays").isTrue();
        assertThat(live.getJson("/api/v1/audit?action=asset.forget").toString()).contains("asset " + avi);
        assertThat(live.getJson("/api/v1/duplicates").path("groups")).isEmpty();
    }
}
