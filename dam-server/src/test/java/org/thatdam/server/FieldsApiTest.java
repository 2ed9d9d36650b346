package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Role;

/**
 * Custom fields through the API on a real library: definitions (admin only to change), values on
 * assets with a 422 naming the field for a wrong value of each type, definition changes with a dry
 * run, and search by field.
 *
 * <p>Tests share one library, so each defines its own fields.
 */
class FieldsApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<Path>>of(
            "clip.mp4", TestMedia::h264Mp4, "tone.mp3", TestMedia::mp3));

    static JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return LiveServer.parse(r.body());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    HttpResponse<String> as(Role role, String method, String path, String json) {
        return live.send(HttpRequest.newBuilder(live.uri(path)).header("Authorization", "Bearer " + live.key(role))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    @Test
    void adminsDefineFieldsEveryoneReadsThem() {
        JsonNode made = ok(live.post("/api/v1/fields", """
                {"name": "client", "label": "Client", "type": "text", "help": "Who paid for it"}"""), 201);
        assertThat(made.path("name").asText()).isEqualTo("client");
        assertThat(made.path("type").asText()).isEqualTo("text");
        assertThat(strings(made.path("kinds"))).containsExactly("video", "audio", "image");
        assertThat(made.path("accepts").asText()).startsWith("one line of text");

        JsonNode list = ok(as(Role.VIEWER, "GET", "/api/v1/fields", null), 200);
        assertThat(list.findValuesAsText("name")).contains("client");
        LiveServer.assertJsonError("viewer creates", as(Role.VIEWER, "POST", "/api/v1/fields", "{\"name\":\"x\",\"type\":\"text\"}"), 403);
        LiveServer.assertJsonError("editor edits", as(Role.EDITOR, "PATCH", "/api/v1/fields/client", "{\"label\":\"x\"}"), 403);
        LiveServer.assertJsonError("editor deletes", as(Role.EDITOR, "DELETE", "/api/v1/fields/client", null), 403);

        JsonNode e = LiveServer.assertJsonError("duplicate", live.post("/api/v1/fields", "{\"name\":\"client\",\"type\":\"text\"}"), 409);
        assertThat(e.path("message").asText()).isEqualTo("a field named 'client' exists");
        e = LiveServer.assertJsonError("bad type", live.post("/api/v1/fields", "{\"name\":\"y\",\"type\":\"colour\"}"), 422);
        assertThat(e.path("message").asText()).startsWith("unknown field type 'colour' (expected text, long-text, number");
        LiveServer.assertJsonError("unknown field", live.delete("/api/v1/fields/nothing-here"), 404);

        JsonNode gone = ok(live.delete("/api/v1/fields/client"), 200);
        assertThat(gone.path("name").asText()).isEqualTo("client");
        assertThat(ok(live.get("/api/v1/fields"), 200).findValuesAsText("name")).doesNotContain("client");
    }

    /** A wrong value of each type is a 422 whose message names the field and what it accepts; nothing changes. */
    @Test
    void aWrongValueOfEachTypeIsA422NamingTheField() {
        long clip = live.idOf("clip.mp4");
        record Case(String type, String extra, String good, String bad, String says) {}
        List<Case> cases = List.of(
                new Case("text", "", "\"Acme\"", "\"" + "x".repeat(1001) + "\"", "longer than 1000 characters"),
                new Case("long-text", "", "\"a\\nb\"", "\"" + "y".repeat(20_001) + "\"", "longer than 20000 characters"),
                new Case("number", "", "1500", "\"lots\"", "'lots' does not fit; expected a number, e.g. 1500 or 12.5"),
                new Case("date", "", "\"2026-02-03\"", "\"03/02/2026\"", "expected a date as YYYY-MM-DD"),
                new Case("boolean", "", "true", "\"perhaps\"", "'perhaps' does not fit; expected true or false"),
                new Case("choice", ", \"choices\": [\"Draft\", \"Final\"]", "\"Final\"", "\"Later\"", "expected one of: Draft, Final"),
                new Case("multi-choice", ", \"choices\": [\"Web\", \"TV\"]", "[\"TV\"]", "[\"TV\", \"Radio\"]",
                        "'Radio' does not fit; expected a list of: Web, TV"),
                new Case("person", "", "\"Ana Lima\"", "\"" + "p".repeat(201) + "\"", "longer than 200 characters"),
                new Case("url", "", "\"https://example.org\"", "\"file:///etc/passwd\"", "expected an http:// or https:// address"));
        for (Case c : cases) {
            String name = "v-" + c.type();
            ok(live.post("/api/v1/fields", "{\"name\": \"" + name + "\", \"type\": \"" + c.type() + "\"" + c.extra() + "}"), 201);
            ok(live.patch("/api/v1/assets/" + clip, "{\"fields\": {\"" + name + "\": " + c.good() + "}}"), 200);
            JsonNode before = live.getJson("/api/v1/assets/" + clip).path("fields").path(name);
            assertThat(before.isMissingNode()).as(c.type()).isFalse();
            JsonNode e = LiveServer.assertJsonError(c.type(), live.patch("/api/v1/assets/" + clip,
                    "{\"title\": \"not saved\", \"fields\": {\"" + name + "\": " + c.bad() + "}}"), 422);
            assertThat(e.path("code").asText()).isEqualTo("invalid");
            assertThat(e.path("message").asText()).as(c.type()).startsWith("field '" + name + "' (" + c.type() + "):")
                    .contains(c.says());
            JsonNode after = live.getJson("/api/v1/assets/" + clip);
            assertThat(after.path("fields").path(name)).as(c.type()).isEqualTo(before);
            assertThat(after.path("title").asText()).isNotEqualTo("not saved");
            ok(live.delete("/api/v1/fields/" + name), 200);
        }
    }

    @Test
    void valuesAreShownClearedAndCheckedAgainstKinds() {
        long clip = live.idOf("clip.mp4");
        long tone = live.idOf("tone.mp3");
        ok(live.post("/api/v1/fields", """
                {"name": "budget", "type": "number", "kinds": ["video"]}"""), 201);
        ok(live.post("/api/v1/fields", """
                {"name": "approved", "type": "boolean"}"""), 201);
        JsonNode d = ok(live.patch("/api/v1/assets/" + clip, "{\"fields\": {\"budget\": 12.5, \"approved\": \"yes\"}}"), 200);
        assertThat(d.path("fields").path("budget").asDouble()).isEqualTo(12.5);
        assertThat(d.path("fields").path("approved").asBoolean()).isTrue();

        JsonNode e = LiveServer.assertJsonError("kind", live.patch("/api/v1/assets/" + tone, "{\"fields\": {\"budget\": 3}}"), 422);
        assertThat(e.path("message").asText()).isEqualTo("field 'budget' does not apply to audio assets (it applies to video)");
        e = LiveServer.assertJsonError("unknown", live.patch("/api/v1/assets/" + tone, "{\"fields\": {\"nope\": 3}}"), 422);
        assertThat(e.path("message").asText()).startsWith("no field named 'nope'");
        e = LiveServer.assertJsonError("object", live.patch("/api/v1/assets/" + clip, "{\"fields\": {\"budget\": {\"a\": 1}}}"), 422);
        assertThat(e.path("message").asText()).startsWith("field 'budget' (number): cannot hold an object");

        d = ok(live.patch("/api/v1/assets/" + clip, "{\"fields\": {\"budget\": \"\"}}"), 200);
        assertThat(d.path("fields").has("budget")).isFalse();
        assertThat(d.path("fields").path("approved").asBoolean()).isTrue();
        ok(live.delete("/api/v1/fields/budget"), 200);
        ok(live.delete("/api/v1/fields/approved"), 200);
    }

    @Test
    void aDefinitionChangeIsReportedBeforeItIsMade() {
        long clip = live.idOf("clip.mp4");
        long tone = live.idOf("tone.mp3");
        ok(live.post("/api/v1/fields", "{\"name\": \"reel\", \"type\": \"text\"}"), 201);
        ok(live.patch("/api/v1/assets/" + clip, "{\"fields\": {\"reel\": \"42\"}}"), 200);
        ok(live.patch("/api/v1/assets/" + tone, "{\"fields\": {\"reel\": \"B-roll\"}}"), 200);

        JsonNode dry = ok(live.patch("/api/v1/fields/reel?dryRun=true", "{\"type\": \"number\"}"), 200);
        assertThat(dry.path("applied").asBoolean()).isFalse();
        assertThat(dry.path("converted").asInt()).isEqualTo(1);
        assertThat(dry.path("unfitCount").asInt()).isEqualTo(1);
        assertThat(dry.path("unfit").get(0).path("assetId").asLong()).isEqualTo(tone);
        assertThat(dry.path("unfit").get(0).path("value").asText()).isEqualTo("B-roll");
        assertThat(dry.path("unfit").get(0).path("reason").asText()).contains("expected a number");
        assertThat(live.getJson("/api/v1/assets/" + tone).path("fields").path("reel").asText()).isEqualTo("B-roll");

        JsonNode done = ok(live.patch("/api/v1/fields/reel", "{\"type\": \"number\"}"), 200);
        assertThat(done.path("applied").asBoolean()).isTrue();
        assertThat(done.path("field").path("type").asText()).isEqualTo("number");
        assertThat(live.getJson("/api/v1/assets/" + clip).path("fields").path("reel").asLong()).isEqualTo(42);
        assertThat(live.getJson("/api/v1/assets/" + tone).path("fields").has("reel")).isFalse();
        JsonNode audit = live.getJson("/api/v1/audit?action=field.edit");
        assertThat(audit.toString()).contains("1 converted, 1 dropped");
        ok(live.delete("/api/v1/fields/reel"), 200);
    }

    List<Long> search(String q) {
        JsonNode page = live.getJson("/api/v1/search?facets=false&q=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8));
        List<Long> ids = new ArrayList<>();
        page.path("items").forEach(n -> ids.add(n.path("id").asLong()));
        return ids;
    }

    @Test
    void fieldsAreSearchableExactlyAndByRange() {
        long clip = live.idOf("clip.mp4");
        long tone = live.idOf("tone.mp3");
        ok(live.post("/api/v1/fields", "{\"name\": \"agency\", \"type\": \"text\"}"), 201);
        ok(live.post("/api/v1/fields", "{\"name\": \"fee\", \"type\": \"number\"}"), 201);
        ok(live.post("/api/v1/fields", "{\"name\": \"shot\", \"type\": \"date\"}"), 201);
        ok(live.post("/api/v1/fields", "{\"name\": \"media\", \"type\": \"multi-choice\", \"choices\": [\"Web\", \"TV\"]}"), 201);
        ok(live.patch("/api/v1/assets/" + clip, """
                {"fields": {"agency": "Acme Films", "fee": 1500, "shot": "2026-02-10", "media": ["Web", "TV"]}}"""), 200);
        ok(live.patch("/api/v1/assets/" + tone, """
                {"fields": {"agency": "Zenith", "fee": 250.5, "shot": "2025-12-31", "media": ["Web"]}}"""), 200);

        // the index follows the catalog's change log
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> search("field:agency=zenith").equals(List.of(tone)));
        assertThat(search("field:agency=\"Acme Films\"")).containsExactly(clip);
        assertThat(search("field:agency:acme*")).containsExactly(clip);
        assertThat(search("field:agency:*")).containsExactlyInAnyOrder(clip, tone);
        assertThat(search("acme")).as("free text finds text values").containsExactly(clip);
        assertThat(search("field:fee:>=1000")).containsExactly(clip);
        assertThat(search("field:fee:<1000")).containsExactly(tone);
        assertThat(search("field:fee:250.5")).containsExactly(tone);
        assertThat(search("field:fee:100..2000")).containsExactlyInAnyOrder(clip, tone);
        assertThat(search("field:shot:2026-01..2026-03")).containsExactly(clip);
        assertThat(search("field:shot:2025")).containsExactly(tone);
        assertThat(search("field:shot:>2025-12")).containsExactly(clip);
        assertThat(search("field:media:tv")).containsExactly(clip);
        assertThat(search("field:media:web -field:media:tv")).containsExactly(tone);
        JsonNode facets = live.getJson("/api/v1/search?q=" + java.net.URLEncoder.encode("field:media:*", StandardCharsets.UTF_8))
                .path("facets");
        assertThat(facets.path("field:media").toString()).as("choice fields are counted as facets")
                .isEqualTo("[{\"value\":\"Web\",\"count\":2},{\"value\":\"TV\",\"count\":1}]");
        assertThat(facets.has("field:agency")).as("text fields are not").isFalse();

        JsonNode e = LiveServer.assertJsonError("bad range", live.get("/api/v1/search?q=" + java.net.URLEncoder.encode(
                "field:fee:>=lots", StandardCharsets.UTF_8)), 400);
        assertThat(e.path("message").asText()).contains("expected a number or a date");
        e = LiveServer.assertJsonError("no name", live.get("/api/v1/search?q=field:=x"), 400);
        assertThat(e.path("message").asText()).startsWith("expected field:NAME:VALUE or field:NAME=VALUE");
        e = LiveServer.assertJsonError("bad_query", live.get("/api/v1/search?q=" + java.net.URLEncoder.encode(
                "clip field:nosuch:1", StandardCharsets.UTF_8)), 400);
        assertThat(e.path("message").asText()).startsWith("unknown field 'nosuch' at 5 (fields: ").contains("agency, fee, shot, media");

        // a deleted field's values leave the index too
        ok(live.delete("/api/v1/fields/agency"), 200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> search("acme").isEmpty());
        assertThat(LiveServer.assertJsonError("bad_query", live.get("/api/v1/search?q=field:agency:*"), 400)
                .path("message").asText()).contains("unknown field 'agency'");
        for (String f : List.of("fee", "shot", "media")) ok(live.delete("/api/v1/fields/" + f), 200);
    }
}
