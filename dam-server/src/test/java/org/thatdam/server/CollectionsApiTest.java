package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Role;

/**
 * Collections through the API on a real library: nesting and paths, items and their manual order,
 * moves that would make a cycle, smart collections from a query or a saved search, deletion that
 * keeps the assets, and the roles (viewers read, editors change).
 */
class CollectionsApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    @Test
    void nestedCollectionsHoldOrderedItemsAndDeletingKeepsTheAssets() {
        long clip = live.idOf("trip/clip.mp4");
        long tone = live.idOf("trip/tone.mp3");
        long still = live.idOf("trip/stills/frame.png");
        JsonNode project = created(live.post("/api/v1/collections", "{\"name\":\"Film\",\"description\":\"The whole shoot\"}"));
        JsonNode day = created(live.post("/api/v1/collections", "{\"name\":\"Day 1\",\"parentId\":" + project.path("id").asLong() + "}"));
        long dayId = day.path("id").asLong();
        assertThat(day.path("path").asText()).isEqualTo("Film/Day 1");
        assertThat(day.path("smart").asBoolean()).isFalse();

        JsonNode added = ok(live.post("/api/v1/collections/" + dayId + "/assets", "{\"assetIds\":[" + clip + "," + tone + "," + still + "]}"));
        assertThat(added.path("changed").asInt()).isEqualTo(3);
        assertThat(added.path("collection").path("items").asLong()).isEqualTo(3);
        assertThat(added.path("collection").path("cover").asLong()).isEqualTo(clip);
        assertThat(assetIds(dayId)).containsExactly(clip, tone, still);

        JsonNode ordered = ok(put("/api/v1/collections/" + dayId + "/order", "{\"assets\":[" + still + "," + clip + "," + tone + "]}"));
        assertThat(ordered.path("cover").asLong()).as("the first item is the cover").isEqualTo(still);
        assertThat(assetIds(dayId)).containsExactly(still, clip, tone);
        JsonNode page = live.getJson("/api/v1/collections/" + dayId + "/assets?limit=1&offset=1");
        assertThat(page.path("total").asLong()).isEqualTo(3);
        assertThat(LiveServer.items(page).get(0).path("id").asLong()).isEqualTo(clip);

        JsonNode wrong = LiveServer.assertJsonError("an order without every item",
                put("/api/v1/collections/" + dayId + "/order", "{\"assets\":[" + clip + "," + tone + "]}"), 409);
        assertThat(wrong.path("message").asText()).contains("left out: " + still);
        assertThat(assetIds(dayId)).containsExactly(still, clip, tone);

        JsonNode details = live.getJson("/api/v1/collections/" + project.path("id").asLong());
        assertThat(details.path("collection").path("children").asLong()).isEqualTo(1);
        assertThat(details.path("children").get(0).path("name").asText()).isEqualTo("Day 1");
        List<String> holding = new ArrayList<>();
        live.getJson("/api/v1/collections?asset=" + tone).forEach(c -> holding.add(c.path("path").asText()));
        assertThat(holding).containsExactly("Film/Day 1");

        JsonNode removed = ok(live.post("/api/v1/collections/" + dayId + "/assets/remove", "{\"assetIds\":[" + tone + "]}"));
        assertThat(removed.path("changed").asInt()).isEqualTo(1);

        JsonNode refused = LiveServer.assertJsonError("deleting a collection with a sub-collection",
                live.delete("/api/v1/collections/" + project.path("id").asLong()), 409);
        assertThat(refused.path("message").asText()).contains("recursive");
        assertThat(live.delete("/api/v1/collections/" + project.path("id").asLong() + "?recursive=true").statusCode()).isEqualTo(204);
        assertThat(live.get("/api/v1/collections/" + dayId).statusCode()).isEqualTo(404);
        assertThat(live.get("/api/v1/assets/" + tone).statusCode()).as("the assets stay").isEqualTo(200);
    }

    @Test
    void movesRenamesAndCoversFollowTheRules() {
        long a = created(live.post("/api/v1/collections", "{\"name\":\"Move me\"}")).path("id").asLong();
        long b = created(live.post("/api/v1/collections", "{\"name\":\"Inner\",\"parentId\":" + a + "}")).path("id").asLong();

        JsonNode cycle = LiveServer.assertJsonError("a move into its own sub-collection",
                live.post("/api/v1/collections/" + a + "/move", "{\"parentId\":" + b + "}"), 422);
        assertThat(cycle.path("message").asText()).contains("its own sub-collections");
        assertThat(ok(live.post("/api/v1/collections/" + b + "/move", "{\"parentId\":null}")).path("path").asText()).isEqualTo("Inner");
        assertThat(ok(live.post("/api/v1/collections/" + a + "/move", "{\"parentId\":" + b + "}")).path("path").asText()).isEqualTo("Inner/Move me");

        LiveServer.assertJsonError("a name taken among siblings", live.post("/api/v1/collections", "{\"name\":\"inner\"}"), 409);
        LiveServer.assertJsonError("a name with a slash", live.post("/api/v1/collections", "{\"name\":\"a/b\"}"), 422);
        LiveServer.assertJsonError("no such parent", live.post("/api/v1/collections", "{\"name\":\"x\",\"parentId\":987654}"), 404);

        long clip = live.idOf("trip/clip.mp4");
        long tone = live.idOf("trip/tone.mp3");
        ok(live.post("/api/v1/collections/" + a + "/assets", "{\"assetIds\":[" + clip + "," + tone + "]}"));
        JsonNode edited = ok(live.patch("/api/v1/collections/" + a, "{\"name\":\"Moved\",\"description\":\"two\",\"coverAssetId\":" + tone + "}"));
        assertThat(edited.path("path").asText()).isEqualTo("Inner/Moved");
        assertThat(edited.path("coverAssetId").asLong()).isEqualTo(tone);
        assertThat(edited.path("cover").asLong()).isEqualTo(tone);
        JsonNode back = ok(live.patch("/api/v1/collections/" + a, "{\"coverAssetId\":0}"));
        assertThat(back.path("coverAssetId").isNull()).isTrue();
        assertThat(back.path("cover").asLong()).isEqualTo(clip);
        LiveServer.assertJsonError("an unknown asset", live.post("/api/v1/collections/" + a + "/assets", "{\"assetIds\":[987654]}"), 404);
    }

    @Test
    void aSmartCollectionIsTheLiveResultOfItsSearch() {
        JsonNode smart = created(live.post("/api/v1/collections", "{\"name\":\"Audio\",\"query\":\"kind:audio\"}"));
        long id = smart.path("id").asLong();
        assertThat(smart.path("smart").asBoolean()).isTrue();
        assertThat(assetIds(id)).containsExactlyInAnyOrder(live.idOf("trip/tone.mp3"), live.idOf("audio/tone.wav"));
        LiveServer.assertJsonError("items in a smart collection",
                live.post("/api/v1/collections/" + id + "/assets", "{\"assetIds\":[" + live.idOf("short.mp4") + "]}"), 422);

        assertThat(live.post("/api/v1/saved-searches", "{\"name\":\"Stills\",\"query\":\"kind:image\"}").statusCode()).isEqualTo(201);
        JsonNode fromSaved = created(live.post("/api/v1/collections", "{\"savedSearch\":\"stills\"}"));
        assertThat(fromSaved.path("name").asText()).isEqualTo("Stills");
        assertThat(fromSaved.path("query").asText()).isEqualTo("kind:image");
        assertThat(assetIds(fromSaved.path("id").asLong())).containsExactly(live.idOf("trip/stills/frame.png"));

        JsonNode bad = LiveServer.assertJsonError("a query that does not parse", live.post("/api/v1/collections",
                "{\"name\":\"Broken\",\"query\":\"duration:>\"}"), 400);
        assertThat(bad.path("code").asText()).isEqualTo("bad_query");
    }

    @Test
    void viewersReadAndEditorsChange() {
        long id = created(live.post("/api/v1/collections", "{\"name\":\"Roles\"}")).path("id").asLong();
        assertThat(as(Role.VIEWER, "GET", "/api/v1/collections/" + id, null).statusCode()).isEqualTo(200);
        assertThat(as(Role.VIEWER, "POST", "/api/v1/collections", "{\"name\":\"Nope\"}").statusCode()).isEqualTo(403);
        assertThat(as(Role.EDITOR, "PATCH", "/api/v1/collections/" + id, "{\"name\":\"Editors may\"}").statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------ helpers

    private static HttpResponse<String> put(String path, String json) {
        return live.send(HttpRequest.newBuilder(live.uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> as(Role role, String method, String path, String json) {
        return live.sendAnonymous(HttpRequest.newBuilder(live.uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + live.key(role))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static JsonNode created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return LiveServer.parse(r.body());
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return LiveServer.parse(r.body());
    }

    private static List<Long> assetIds(long collection) {
        return LiveServer.items(live.getJson("/api/v1/collections/" + collection + "/assets?limit=100")).stream()
                .map(i -> i.path("id").asLong()).toList();
    }
}
