package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.Role;

/** POST /api/v1/assets/bulk: a selection by ids or by query acted on as one job, its summary served. */
class BulkApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of());

    static List<Long> videos;
    static List<Long> sounds;

    @BeforeAll
    static void start() {
        videos = catalogue(AssetKind.VIDEO, 5, "clip");
        sounds = catalogue(AssetKind.AUDIO, 2, "song");
        live.dam().engine().start();
    }

    /** Assets catalogued directly (the API acts on catalog rows; no files needed). */
    static List<Long> catalogue(AssetKind kind, int n, String prefix) {
        return live.dam().catalog().write(s -> {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long id = s.assets().insertAsset(kind, prefix + i, null, 1);
                s.assets().addVersion(id, 10 + i, prefix + i, MediaInfo.unknown(kind), null, 1);
                s.assets().insertLocation(id, "/gone/" + prefix + i, 10 + i, 1, null, prefix + i, 1);
                ids.add(id);
            }
            return ids;
        });
    }

    static JsonNode bulk(String body) {
        HttpResponse<String> r = live.post("/api/v1/assets/bulk", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode job = LiveServer.parse(r.body());
        long id = job.path("id").asLong();
        assertThat(job.path("kind").asText()).isEqualTo("bulk");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/assets/bulk/" + id);
        live.awaitJob(id);
        JsonNode view = live.getJson("/api/v1/assets/bulk/" + id);
        assertThat(view.path("job").path("state").asText()).as(view.toString()).isEqualTo("done");
        return view.path("summary");
    }

    static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    static List<String> tags(long id) {
        List<String> out = new ArrayList<>();
        live.getJson("/api/v1/assets/" + id).path("tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    @Test
    void tagsTheAssetsGivenByIdAndListsThoseThatFailed() {
        List<Long> some = new ArrayList<>(videos.subList(0, 3));
        some.add(424242L);

        JsonNode s = bulk("{\"ids\":" + ids(some) + ",\"action\":\"add-tags\",\"tags\":[\"Sunny\",\"Lisbon\"]}");

        assertThat(s.path("action").asText()).isEqualTo("add-tags");
        assertThat(s.path("selected").asInt()).isEqualTo(4);
        assertThat(s.path("done").asInt()).isEqualTo(3);
        assertThat(s.path("failedCount").asInt()).isEqualTo(1);
        assertThat(s.path("failed").get(0).path("assetId").asLong()).isEqualTo(424242L);
        assertThat(s.path("failed").get(0).path("code").asText()).isEqualTo("not_found");
        assertThat(s.path("failed").get(0).path("message").asText()).isEqualTo("no asset with id 424242");
        assertThat(s.path("text").asText()).isEqualTo("3 tagged, 1 failed: asset 424242: no asset with id 424242");
        assertThat(tags(videos.get(0))).containsExactlyInAnyOrder("Sunny", "Lisbon");
        assertThat(tags(videos.get(3))).isEmpty();
        JsonNode audit = live.getJson("/api/v1/audit?action=asset.bulk");
        assertThat(audit.toString()).contains("add-tags on 4 assets");
    }

    @Test
    void aQueryIsResolvedWhenTheJobStarts() {
        JsonNode s = bulk("{\"query\":\"kind:audio\",\"action\":\"add-tags\",\"tags\":[\"music\"]}");
        assertThat(s.path("selected").asInt()).isEqualTo(2);
        assertThat(s.path("done").asInt()).isEqualTo(2);
        assertThat(tags(sounds.get(1))).containsExactly("music");

        JsonNode removed = bulk("{\"query\":\"*\",\"filter\":\"kind:audio\",\"action\":\"remove-tags\",\"tags\":[\"music\"]}");
        assertThat(removed.path("done").asInt()).isEqualTo(2);
        assertThat(tags(sounds.get(1))).isEmpty();
    }

    @Test
    void addsToACollectionNamedByItsIdOrItsPath() {
        long film = live.dam().collections().create(org.thatdam.core.collections.NewCollection.named("Film"),
                org.thatdam.model.Actor.commandLine()).id();
        long day = live.dam().collections().create(org.thatdam.core.collections.NewCollection.named("Day 1").under(film),
                org.thatdam.model.Actor.commandLine()).id();
        JsonNode byPath = bulk("{\"ids\":" + ids(videos.subList(0, 2)) + ",\"action\":\"add-to-collection\",\"collection\":\"film/day 1\"}");
        assertThat(byPath.path("done").asInt()).isEqualTo(2);
        JsonNode byId = bulk("{\"ids\":" + ids(videos.subList(1, 3)) + ",\"action\":\"add-to-collection\",\"collection\":" + day + "}");
        assertThat(byId.path("done").asInt()).as("one already there").isEqualTo(1);
        assertThat(live.getJson("/api/v1/collections/" + day + "/assets").path("total").asInt()).isEqualTo(3);
    }

    @Test
    void refusesWhatCannotBeDoneWithAPreciseError() {
        record Case(String body, int status, String code, String message) {}
        List<Case> cases = List.of(
                new Case("{\"action\":\"forget\"}", 422, "invalid", "give the assets either as ids or as a query, not neither"),
                new Case("{\"ids\":[1],\"query\":\"x\",\"action\":\"forget\"}", 422, "invalid", "not both"),
                new Case("{\"ids\":[],\"action\":\"forget\"}", 422, "invalid", "ids is empty"),
                new Case("{\"ids\":[1]}", 422, "invalid", "action"),
                new Case("{\"ids\":[1],\"action\":\"add-tags\"}", 422, "invalid", "add-tags needs tags"),
                new Case("{\"ids\":[1],\"action\":\"forget\",\"tags\":[\"x\"]}", 422, "invalid", "tags does not go with action forget"),
                new Case("{\"ids\":[1],\"action\":\"regenerate\",\"kinds\":[\"motion\"]}", 422, "invalid", "'motion' is not a derivative"),
                new Case("{\"ids\":[0],\"action\":\"forget\"}", 422, "invalid", "ids holds 0, not an asset id"),
                new Case("{\"query\":\"kind:(\",\"action\":\"forget\"}", 400, "bad_query", ""),
                new Case("{\"query\":\"\",\"action\":\"forget\"}", 422, "invalid", "give a query; `*` selects every asset"),
                new Case("{\"query\":\" \",\"filter\":\"kind:audio\",\"action\":\"forget\"}", 422, "invalid", "`*` selects every asset"),
                new Case("{\"ids\":[1],\"action\":\"add-to-collection\",\"collection\":\"No/Such\"}", 404, "not_found", "no collection at 'No/Such'"),
                new Case("{\"ids\":[1],\"action\":\"add-to-collection\",\"collection\":true}", 400, "bad_request", "collection"),
                new Case("{\"ids\":[1],\"action\":\"forget\",\"colour\":\"red\"}", 400, "bad_request", "unknown field \"colour\""));
        for (Case c : cases) {
            HttpResponse<String> r = live.post("/api/v1/assets/bulk", c.body());
            JsonNode error = LiveServer.assertJsonError(c.body(), r, c.status());
            assertThat(error.path("code").asText()).as(c.body()).isEqualTo(c.code());
            assertThat(error.path("message").asText()).as(c.body()).contains(c.message());
        }
        HttpResponse<String> unknown = live.post("/api/v1/assets/bulk", "{\"ids\":[1],\"action\":\"explode\"}");
        assertThat(LiveServer.assertJsonError("unknown action", unknown, 0).path("message").asText()).contains("explode");

        HttpResponse<String> viewer = live.send(HttpRequest.newBuilder(live.uri("/api/v1/assets/bulk"))
                .header("Authorization", "Bearer " + live.key(Role.VIEWER)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ids\":[1],\"action\":\"forget\"}", StandardCharsets.UTF_8)));
        LiveServer.assertJsonError("viewer", viewer, 403);
        LiveServer.assertJsonError("not a bulk job", live.get("/api/v1/assets/bulk/987654"), 404);
    }
}
