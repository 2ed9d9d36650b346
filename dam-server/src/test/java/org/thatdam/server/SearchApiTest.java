package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Role;

/**
 * Search over real HTTP on a real library: facet selections (OR within a facet, AND across, each facet
 * counted without its own selection), the default order, query errors with their position, and saved
 * searches (each account its own, bounded, checked like a search).
 */
class SearchApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, Long> counts(JsonNode page, String facet) {
        Map<String, Long> out = new LinkedHashMap<>();
        page.path("facets").path(facet).forEach(f -> out.put(f.path("value").asText(), f.path("count").asLong()));
        return out;
    }

    private static List<String> kinds(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(h -> out.add(h.path("kind").asText()));
        return out;
    }

    @Test
    void facetSelectionsAreOrWithinAFacetAndKeepTheOtherValuesCounted() {
        JsonNode all = live.getJson("/api/v1/search");
        Map<String, Long> kindCounts = counts(all, "kind");
        assertThat(kindCounts).containsKeys("video", "audio", "image");

        JsonNode two = live.getJson("/api/v1/search?filter=" + enc("kind:audio kind:image"));
        assertThat(two.path("total").asLong()).isEqualTo(kindCounts.get("audio") + kindCounts.get("image"));
        assertThat(kinds(two)).containsOnly("audio", "image");
        assertThat(counts(two, "kind")).as("the kind facet ignores its own selection").isEqualTo(kindCounts);

        // AND across facets: audio or image, and ok (a failed video is not among them anyway)
        JsonNode and = live.getJson("/api/v1/search?filter=" + enc("kind:video status:failed"));
        assertThat(and.path("total").asLong()).isEqualTo(1);
        assertThat(counts(and, "status")).containsEntry("failed", 1L).containsKey("ok");

        HttpResponse<String> bad = live.get("/api/v1/search?filter=" + enc("colour:red"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(LiveServer.parse(bad.body()).path("error").path("message").asText()).startsWith("unknown facet 'colour' at 0");
    }

    @Test
    void withoutWordsNewestCaptureComesFirstAndQueryErrorsSayWhere() {
        JsonNode page = live.getJson("/api/v1/search?limit=100");
        List<String> times = new ArrayList<>();
        page.path("items").forEach(h -> times.add(h.path("capturedAt").asText()));
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        HttpResponse<String> bad = live.get("/api/v1/search?q=" + enc("clip title:\"abc"));
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode error = LiveServer.parse(bad.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("bad_query");
        assertThat(error.path("position").asInt()).isEqualTo(11);
        assertThat(error.path("message").asText()).isEqualTo("unbalanced quote at 11 (no closing '\"')");
    }

    @Test
    void hitsSayWhereTheyMatchedAndTheModeIsChecked() {
        long clip = live.dam().search().search(org.thatdam.search.SearchRequest.of("clip.mp4")).items().get(0).id();
        live.dam().catalog().write(s -> {
            var stored = s.scenes().replace(clip, s.assets().versions(clip).get(0).id(), List.of(
                    new org.thatdam.catalog.SceneRepository.NewScene(0, 2, null, null, null, List.of(
                            new org.thatdam.catalog.SceneRepository.NewBeat(0, 0.5, null, null, null),
                            new org.thatdam.catalog.SceneRepository.NewBeat(0.5, 2, null, null, null)))));
            long beat = stored.get(2).id();
            s.sceneTexts().replaceForScene(beat, List.of(new org.thatdam.model.SceneText(beat, 0, "Q3 roadmap", 0.9, 0, 0, 1, 1)));
            return null;
        });
        live.dam().search().catchUp();
        JsonNode page = live.getJson("/api/v1/search?q=roadmap");
        assertThat(page.path("total").asLong()).isEqualTo(1);
        JsonNode match = page.path("items").get(0).path("matches").get(0);
        assertThat(match.path("startSec").asDouble()).isEqualTo(0.5);
        assertThat(match.path("endSec").asDouble()).isEqualTo(2.0);
        assertThat(match.path("text").asText()).isEqualTo("Q3 roadmap");
        assertThat(live.getJson("/api/v1/search?mode=keyword&q=clip").path("items").get(0).path("matches").isArray()).isTrue();
        // no vectors in this library: semantic finds nothing, hybrid is keyword search
        assertThat(live.getJson("/api/v1/search?mode=semantic&q=roadmap").path("total").asLong()).isZero();
        assertThat(live.getJson("/api/v1/search?mode=HYBRID&q=roadmap").path("total").asLong()).isEqualTo(1);

        HttpResponse<String> bad = live.get("/api/v1/search?mode=fuzzy&q=clip");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(LiveServer.parse(bad.body()).path("error").path("message").asText())
                .isEqualTo("invalid mode 'fuzzy'; allowed: keyword, semantic, hybrid");

        // similar: is a vector search: keyword mode says so
        HttpResponse<String> similar = live.get("/api/v1/search?mode=keyword&q=" + enc("similar:" + clip));
        assertThat(similar.statusCode()).isEqualTo(400);
        assertThat(LiveServer.parse(similar.body()).path("error").path("message").asText())
                .startsWith("similar: needs semantic or hybrid search");
    }

    @Test
    void aLongQueryIsForTheEmbedderInSemanticModeAndTooLongForKeywords() {
        String q = enc("people walking in a station ".repeat(70));
        assertThat(live.get("/api/v1/search?mode=semantic&q=" + q).statusCode()).isEqualTo(200);
        HttpResponse<String> keyword = live.get("/api/v1/search?mode=keyword&q=" + q);
        assertThat(keyword.statusCode()).isEqualTo(400);
        assertThat(LiveServer.parse(keyword.body()).path("error").path("message").asText())
                .startsWith("too many search terms at 356 (at most 64)");
        // no vectors in this library: hybrid is a keyword search, which cannot take that many words
        assertThat(live.get("/api/v1/search?q=" + q).statusCode()).isEqualTo(400);
        assertThat(live.getJson("/api/v1/search/check?mode=semantic&q=" + q).path("ok").asBoolean()).isTrue();
        assertThat(live.getJson("/api/v1/search/check?mode=keyword&q=" + q).path("ok").asBoolean()).isFalse();
        assertThat(live.getJson("/api/v1/search/check?q=" + q).path("ok").asBoolean()).isFalse();
    }

    @Test
    void aQueryIsCheckedWithoutAnError() {
        JsonNode bad = live.getJson("/api/v1/search/check?q=" + enc("clip (kind:video"));
        assertThat(bad.path("ok").asBoolean()).isFalse();
        assertThat(bad.path("message").asText()).isEqualTo("missing ')' for the '(' at 5");
        assertThat(bad.path("position").asInt()).isEqualTo(5);
        JsonNode good = live.getJson("/api/v1/search/check?q=" + enc("clip (kind:video)"));
        assertThat(good.path("ok").asBoolean()).isTrue();
        assertThat(good.path("position").isIntegralNumber()).isFalse();
        assertThat(good.path("sort").asText()).isEqualTo("relevance");
        assertThat(live.getJson("/api/v1/search/check").path("sort").asText()).isEqualTo("newest");
    }

    @Test
    void savedSearchesBelongToTheirAccount() {
        String viewer = live.key(Role.VIEWER);
        HttpResponse<String> made = as(viewer, "POST", "/api/v1/saved-searches",
                "{\"name\":\"Long clips\",\"query\":\"duration:>2\",\"filter\":\"kind:video\",\"sort\":\"duration\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode saved = LiveServer.parse(made.body());
        assertThat(saved.path("name").asText()).isEqualTo("Long clips");
        assertThat(saved.path("filter").asText()).isEqualTo("kind:video");
        assertThat(saved.path("sort").asText()).isEqualTo("duration");

        // the same name (in any case) replaces it
        HttpResponse<String> again = as(viewer, "POST", "/api/v1/saved-searches", "{\"name\":\"long CLIPS\",\"query\":\"duration:>3\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        JsonNode mine = LiveServer.parse(as(viewer, "GET", "/api/v1/saved-searches", null).body());
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("query").asText()).isEqualTo("duration:>3");
        assertThat(mine.get(0).path("sort").isNull()).isTrue();
        long id = mine.get(0).path("id").asLong();

        // another account sees none of them and cannot delete them
        assertThat(live.getJson("/api/v1/saved-searches")).isEmpty();
        assertThat(live.delete("/api/v1/saved-searches/" + id).statusCode()).isEqualTo(404);

        // checked like a search: syntax (with where), facets, order, name
        HttpResponse<String> unbalanced = as(viewer, "POST", "/api/v1/saved-searches", "{\"name\":\"x\",\"query\":\"title:\\\"abc\"}");
        assertThat(unbalanced.statusCode()).isEqualTo(400);
        assertThat(LiveServer.parse(unbalanced.body()).path("error").path("position").asInt()).isEqualTo(6);
        assertThat(as(viewer, "POST", "/api/v1/saved-searches", "{\"name\":\"x\",\"filter\":\"colour:red\"}").statusCode()).isEqualTo(422);
        assertThat(as(viewer, "POST", "/api/v1/saved-searches", "{\"name\":\"x\",\"sort\":\"best\"}").statusCode()).isEqualTo(422);
        assertThat(as(viewer, "POST", "/api/v1/saved-searches", "{\"name\":\"  \"}").statusCode()).isEqualTo(422);
        assertThat(as(viewer, "POST", "/api/v1/saved-searches", "{\"name\":\"" + "n".repeat(81) + "\"}").statusCode()).isEqualTo(422);
        assertThat(as(viewer, "POST", "/api/v1/saved-searches", "{\"name\":\"a\\u0007b\"}").statusCode()).isEqualTo(422);
        assertThat(as(viewer, "POST", "/api/v1/saved-searches", "{\"query\":\"x\"}").statusCode()).isIn(400, 422);

        // bounded per account
        for (int i = 1; i < 50; i++) {
            assertThat(as(viewer, "POST", "/api/v1/saved-searches", "{\"name\":\"s" + i + "\",\"query\":\"clip\"}").statusCode()).isEqualTo(201);
        }
        HttpResponse<String> full = as(viewer, "POST", "/api/v1/saved-searches", "{\"name\":\"one more\",\"query\":\"clip\"}");
        assertThat(full.statusCode()).isEqualTo(409);
        assertThat(as(viewer, "POST", "/api/v1/saved-searches", "{\"name\":\"S1\",\"query\":\"tone\"}").statusCode())
                .as("replacing one at the limit is fine").isEqualTo(201);

        assertThat(as(viewer, "DELETE", "/api/v1/saved-searches/" + id, null).statusCode()).isEqualTo(204);
        assertThat(as(viewer, "DELETE", "/api/v1/saved-searches/" + id, null).statusCode()).isEqualTo(404);
        assertThat(LiveServer.parse(as(viewer, "GET", "/api/v1/saved-searches", null).body())).hasSize(49);
    }

    private static HttpResponse<String> as(String key, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(live.uri(path)).header("Authorization", "Bearer " + key);
        if (json != null) b.header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return live.send(b);
    }
}
