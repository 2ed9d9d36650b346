package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Role;

/**
 * The jobs page's API with the real engine: the summary, groups by asset and kind, pause and resume
 * (for editors, audited), clearing finished and failed jobs, and refusals of bad parameters.
 */
class JobQueueApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<Path>>of(
            "clip.mp4", TestMedia::h264Mp4, "tone.mp3", TestMedia::mp3));

    HttpResponse<String> post(String path, Role role) {
        return live.send(HttpRequest.newBuilder(live.uri(path)).header("Authorization", "Bearer " + live.key(role))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void summaryGroupsPauseResumeAndClear() throws Exception {
        // Nothing has run yet (the engine is not started): everything the scan planned waits.
        JsonNode before = live.getJson("/api/v1/jobs/summary");
        assertThat(before.path("paused").asBoolean()).isFalse();
        assertThat(before.path("pending").asLong()).isEqualTo(8); // clip: poster, sprite, proxy, hash, fingerprint; tone: poster, proxy, hash
        assertThat(before.path("progress").asDouble()).isZero();
        assertThat(before.path("etaSeconds").isNull()).as("no rate measured yet").isTrue();
        assertThat(before.path("counts").path("queued").asLong()).isEqualTo(8);
        assertThat(before.path("kinds").get(0).path("kindLabel").asText()).isEqualTo("Poster");

        assertThat(post("/api/v1/jobs/pause", Role.VIEWER).statusCode()).as("viewers cannot pause").isEqualTo(403);
        HttpResponse<String> paused = post("/api/v1/jobs/pause", Role.EDITOR);
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(LiveServer.parse(paused.body()).path("pausedBy").asText()).isEqualTo("editor");
        live.dam().engine().start();
        assertThat(live.getJson("/api/v1/jobs/summary").path("counts").path("running").asLong())
                .as("a paused queue starts nothing").isZero();

        // The tone's file goes away before its jobs run: they fail, and come first in the groups.
        Files.delete(Path.of(live.path("tone.mp3")));
        assertThat(post("/api/v1/jobs/resume", Role.EDITOR).statusCode()).isEqualTo(200);
        live.awaitJobsIdle();
        assertThat(live.getJson("/api/v1/audit?action=job").toString()).contains("job.pause", "job.resume");

        JsonNode summary = live.getJson("/api/v1/jobs/summary");
        assertThat(summary.path("pending").asLong()).isZero();
        assertThat(summary.path("progress").asDouble()).isEqualTo(1.0);
        assertThat(summary.path("counts").path("failed").asLong()).isEqualTo(3);

        JsonNode byAsset = live.getJson("/api/v1/jobs/groups?by=asset&limit=10&per=5");
        assertThat(byAsset.path("total").asInt()).isEqualTo(2);
        JsonNode first = byAsset.path("groups").get(0);
        assertThat(first.path("counts").path("failed").asLong()).isEqualTo(3);
        assertThat(first.path("assetId").asLong()).isEqualTo(first.path("key").asLong());
        assertThat(first.path("jobs").get(0).path("state").asText()).isEqualTo("failed");
        assertThat(first.path("jobs").get(0).path("error").asText()).contains("on disk");
        assertThat(byAsset.path("groups").get(1).path("progress").asDouble()).isEqualTo(1.0);

        JsonNode byKind = live.getJson("/api/v1/jobs/groups?by=kind");
        List<String> kinds = new ArrayList<>();
        byKind.path("groups").forEach(g -> kinds.add(g.path("kind").asText()));
        assertThat(kinds).containsExactlyInAnyOrder("poster", "sprite", "proxy", "full-hash", "fingerprint");
        assertThat(byKind.path("groups").get(0).path("counts").path("failed").asLong()).isPositive();
        assertThat(LiveServer.items(live.getJson("/api/v1/jobs?kind=poster&offset=1&limit=5"))).hasSize(1);

        assertThat(post("/api/v1/jobs/clear?which=failed", Role.VIEWER).statusCode()).isEqualTo(403);
        HttpResponse<String> cleared = post("/api/v1/jobs/clear?which=failed", Role.EDITOR);
        assertThat(LiveServer.parse(cleared.body()).path("cleared").asInt()).as(cleared.body()).isEqualTo(3);
        cleared = post("/api/v1/jobs/clear?which=finished", Role.EDITOR);
        assertThat(LiveServer.parse(cleared.body()).path("cleared").asInt()).as(cleared.body()).isEqualTo(5);
        assertThat(live.getJson("/api/v1/jobs/groups").path("total").asInt()).isZero();
    }

    @Test
    void badParametersArePreciseErrors() {
        assertError(live.get("/api/v1/jobs/groups?by=colour"), "by");
        assertError(live.get("/api/v1/jobs/groups?limit=0"), "limit");
        assertError(live.get("/api/v1/jobs/groups?offset=-3"), "offset");
        assertError(live.get("/api/v1/jobs?kind=teleport"), "kind");
        assertError(post("/api/v1/jobs/clear", Role.EDITOR), "which");
        assertError(post("/api/v1/jobs/clear?which=everything", Role.EDITOR), "which");
    }

    static void assertError(HttpResponse<String> r, String mentions) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(LiveServer.parse(r.body()).path("error").path("message").asText()).contains(mentions);
        assertThat(r.body()).doesNotContain("Exception", "at org.");
    }
}
