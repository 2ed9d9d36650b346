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

/** The vocabulary over real HTTP: the tree, suggestions, tags through it, changes re-tagging assets, files, roles. */
class VocabularyApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    long clip() {
        return live.dam().assets().resolve(live.path("trip/clip.mp4")).asset().id();
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    HttpResponse<String> as(Role role, HttpRequest.Builder b) {
        return live.send(b.header("Authorization", "Bearer " + live.key(role)));
    }

    @Test
    void termsSuggestionsTagsAndChangesThatRetagAssets() {
        HttpResponse<String> added = live.post("/api/v1/vocabulary/terms",
                "{\"path\":\"Places/Europe/Lisbon\",\"synonyms\":[\"Lisboa\"],\"description\":\"Capital\"}");
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(LiveServer.parse(added.body()).path("path").asText()).isEqualTo("Places/Europe/Lisbon");
        assertThat(live.post("/api/v1/vocabulary/terms", "{\"path\":\"Places/Europe/Porto\",\"synonyms\":[\"Oporto\"]}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> twice = live.post("/api/v1/vocabulary/terms", "{\"path\":\"places/europe/lisbon\"}");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("already exists");

        JsonNode tree = live.getJson("/api/v1/vocabulary");
        assertThat(texts(tree.path("terms"), "path"))
                .containsSubsequence("Places", "Places/Europe", "Places/Europe/Lisbon", "Places/Europe/Porto");
        JsonNode suggested = live.getJson("/api/v1/vocabulary/suggest?q=opo&limit=5");
        assertThat(suggested.get(0).path("path").asText()).isEqualTo("Places/Europe/Porto");
        assertThat(suggested.get(0).path("via").asText()).isEqualTo("Oporto");

        long id = clip();
        assertThat(live.patch("/api/v1/assets/" + id, "{\"tags\":[\"lisboa\",\"holiday\"]}").statusCode()).isEqualTo(200);
        assertThat(texts(live.getJson("/api/v1/assets/" + id).path("tags"), null)).containsExactly("Places/Europe/Lisbon", "holiday");

        live.dam().search().catchUp();
        assertThat(live.getJson("/api/v1/search?q=" + enc("tag:Places/Europe")).path("total").asLong()).isEqualTo(1);

        long europe = tree.path("terms").get(texts(tree.path("terms"), "path").indexOf("Places/Europe")).path("id").asLong();
        HttpResponse<String> renamed = live.patch("/api/v1/vocabulary/terms/" + europe, "{\"label\":\"Europa\"}");
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(LiveServer.parse(renamed.body()).path("assetsChanged").asInt()).isEqualTo(1);
        assertThat(texts(live.getJson("/api/v1/assets/" + id).path("tags"), null)).contains("Places/Europa/Lisbon");

        HttpResponse<String> merged = live.post("/api/v1/vocabulary/merge", "{\"from\":\"Lisbon\",\"into\":\"Porto\"}");
        assertThat(merged.statusCode()).isEqualTo(200);
        assertThat(LiveServer.parse(merged.body()).path("path").asText()).isEqualTo("Places/Europa/Porto");
        assertThat(texts(live.getJson("/api/v1/assets/" + id).path("tags"), null)).contains("Places/Europa/Porto");
        live.dam().search().catchUp();
        assertThat(live.getJson("/api/v1/search?q=" + enc("tag:Lisboa")).path("total").asLong()).isEqualTo(1);

        // only vocabulary terms from now on
        assertThat(live.send(HttpRequest.newBuilder(live.uri("/api/v1/vocabulary/settings")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"restricted\":true}"))).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = live.patch("/api/v1/assets/" + id, "{\"tags\":[\"Portp\"]}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(LiveServer.parse(refused.body()).path("error").path("message").asText())
                .isEqualTo("tag 'Portp' is not in the vocabulary (did you mean Places/Europa/Porto?)");
        assertThat(live.getJson("/api/v1/vocabulary/settings").path("restricted").asBoolean()).isTrue();
        live.send(HttpRequest.newBuilder(live.uri("/api/v1/vocabulary/settings")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"restricted\":false}")));

        HttpResponse<String> deleted = live.delete("/api/v1/vocabulary/terms/" + europe);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(LiveServer.parse(deleted.body()).path("assetsChanged").asInt()).isEqualTo(1);
        assertThat(texts(live.getJson("/api/v1/vocabulary").path("terms"), "path")).containsOnlyOnce("Places").noneMatch(p -> p.startsWith("Places/"));
        assertThat(live.dam().audit().query(null, null, "vocabulary", 50)).extracting(e -> e.action())
                .contains("vocabulary.add", "vocabulary.rename", "vocabulary.merge", "vocabulary.settings", "vocabulary.delete");
    }

    @Test
    void importAndExportAsFiles() {
        String csv = "path,synonyms,description\r\nSubjects/Beach,Seaside|Shore,Sand and sea\r\n";
        HttpResponse<String> dry = live.post("/api/v1/vocabulary/import",
                "{\"format\":\"csv\",\"content\":" + LiveServer.quote(csv) + "}");
        assertThat(dry.statusCode()).isEqualTo(200);
        JsonNode report = LiveServer.parse(dry.body());
        assertThat(report.path("applied").asBoolean()).isFalse();
        assertThat(texts(report.path("added"), null)).containsExactly("Subjects", "Subjects/Beach");
        assertThat(live.get("/api/v1/vocabulary/export?format=csv").body()).doesNotContain("Beach");

        JsonNode applied = LiveServer.parse(live.post("/api/v1/vocabulary/import",
                "{\"format\":\"csv\",\"content\":" + LiveServer.quote(csv) + ",\"apply\":true}").body());
        assertThat(applied.path("synonymsAdded").asInt()).isEqualTo(2);
        HttpResponse<String> exported = live.get("/api/v1/vocabulary/export?format=csv");
        assertThat(exported.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(exported.body()).contains("Subjects/Beach,Seaside|Shore,Sand and sea\r\n");
        JsonNode json = LiveServer.parse(live.get("/api/v1/vocabulary/export?format=json").body());
        assertThat(texts(json.path("concepts"), "prefLabel")).contains("Subjects", "Beach");

        HttpResponse<String> bad = live.post("/api/v1/vocabulary/import", "{\"format\":\"csv\",\"content\":\"path\\nA/\\u0007\"}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("line 2").doesNotContain("Exception");
        HttpResponse<String> xml = live.post("/api/v1/vocabulary/import", "{\"format\":\"xml\",\"content\":\"x\"}");
        assertThat(xml.statusCode()).isEqualTo(422);
    }

    @Test
    void everyoneReadsOnlyAdminsChange() {
        assertThat(as(Role.VIEWER, HttpRequest.newBuilder(live.uri("/api/v1/vocabulary"))).statusCode()).isEqualTo(200);
        assertThat(as(Role.VIEWER, HttpRequest.newBuilder(live.uri("/api/v1/vocabulary/suggest?q=a"))).statusCode()).isEqualTo(200);
        HttpResponse<String> add = as(Role.EDITOR, HttpRequest.newBuilder(live.uri("/api/v1/vocabulary/terms"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"X\"}")));
        assertThat(add.statusCode()).isEqualTo(403);
        assertThat(live.get("/api/v1/vocabulary/suggest?q=a&limit=0").statusCode()).isEqualTo(400);
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
