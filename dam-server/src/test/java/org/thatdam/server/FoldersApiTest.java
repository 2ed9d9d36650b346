package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Actor;
import org.thatdam.model.Role;
import org.thatdam.storage.FileNames;

/**
 * {@code GET /api/v1/folders} on the default media ({@link LiveServer#LAYOUT}) made a library root:
 * the roots, a root's folders and files, a deeper folder, paging, who may ask, the answers checked
 * against the OpenAPI document, and the paths it refuses.
 */
class FoldersApiTest {

    private static final String DOC = "https://thatdam.invalid/api/openapi.json";

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    static String media;
    static Schema page;

    @BeforeAll
    static void root() throws Exception {
        live.dam().roots().addRoot(live.mediaDir(), Actor.commandLine());
        media = FileNames.text(live.mediaDir().toRealPath());
        String json = live.get("/api/openapi.json").body();
        SchemaRegistry schemas = SchemaRegistry.withDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(DOC, json))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().typeLoose(false).formatAssertionsEnabled(true).build()));
        String ref = LiveServer.parse(json).path("paths").path("/api/v1/folders").path("get").path("responses").path("200")
                .path("content").path("application/json").path("schema").path("$ref").asText();
        assertThat(ref).isEqualTo("#/components/schemas/FolderPage");
        page = schemas.getSchema(SchemaLocation.of(DOC + ref));
    }

    private static String q(String path) {
        return "/api/v1/folders?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    /** The answer, checked against the document first. */
    private static JsonNode folder(String pathAndQuery) {
        HttpResponse<String> r = live.get(pathAndQuery);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = LiveServer.parse(r.body());
        List<String> problems = new ArrayList<>();
        for (Error e : page.validate(body)) problems.add(e.toString());
        assertThat(problems).as("GET %s fits the document", pathAndQuery).isEmpty();
        return body;
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    @Test
    void withoutAPathTheRootsAnswerWithTheirTotals() {
        JsonNode top = folder("/api/v1/folders");
        assertThat(top.path("folder").isNull()).isTrue();
        assertThat(top.path("files")).isEmpty();
        JsonNode root = top.path("folders").get(0);
        assertThat(root.path("path").asText()).isEqualTo(media);
        assertThat(root.path("files").asLong()).isEqualTo(LiveServer.LAYOUT.size());
        assertThat(root.path("durationSec").asDouble()).isGreaterThan(7);
        assertThat(root.path("hasSubfolders").asBoolean()).isTrue();
        assertThat(root.path("missing").asBoolean()).isFalse();
        assertThat(root.path("offline").asBoolean()).isFalse();
    }

    @Test
    void aFolderAnswersItsFoldersAndAPageOfItsFilesWithTheirAssets() {
        JsonNode root = folder(q(media));
        assertThat(root.path("root").asText()).isEqualTo(media);
        assertThat(root.path("parent").isNull()).isTrue();
        assertThat(names(root.path("folders"))).containsExactly("audio", "old", "trip");
        JsonNode trip = root.path("folders").get(2);
        assertThat(trip.path("files").asLong()).isEqualTo(3);
        assertThat(trip.path("hasSubfolders").asBoolean()).isTrue();
        assertThat(root.path("total").asLong()).isEqualTo(1);
        JsonNode shortClip = root.path("files").get(0);
        assertThat(shortClip.path("name").asText()).isEqualTo("short.mp4");
        assertThat(shortClip.path("asset").path("id").asLong()).isEqualTo(live.idOf("short.mp4"));

        JsonNode inTrip = folder(q(media + "/trip") + "&limit=1&offset=1");
        assertThat(inTrip.path("parent").asText()).isEqualTo(media);
        assertThat(names(inTrip.path("folders"))).containsExactly("stills");
        assertThat(inTrip.path("total").asLong()).isEqualTo(2);
        assertThat(names(inTrip.path("files"))).containsExactly("tone.mp3");
        assertThat(inTrip.path("files").get(0).path("asset").path("kind").asText()).isEqualTo("audio");
        assertThat(inTrip.path("files").get(0).path("missing").asBoolean()).isFalse();
    }

    @Test
    void viewersMayListAndStrangersMayNot() {
        HttpResponse<String> viewer = live.sendAnonymous(HttpRequest.newBuilder(live.uri(q(media)))
                .header("Authorization", "Bearer " + live.key(Role.VIEWER)).GET());
        assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(200);
        LiveServer.assertJsonError("", live.sendAnonymous(HttpRequest.newBuilder(live.uri(q(media))).GET()), 401);
    }

    private static void error(HttpResponse<String> r, int status, String message) {
        assertThat(LiveServer.assertJsonError(message, r, status).path("message").asText()).contains(message);
    }

    @Test
    void pathsOutsideTheLibraryAndBadPagesArePreciseErrors() {
        error(live.get(q("/etc")), 404, "not inside a library root: /etc");
        error(live.get(q(media + "/../..")), 404, "not inside a library root");
        error(live.get(q(media + "/nowhere")), 404, "no such folder in the library");
        error(live.get(q("trip")), 400, "absolute");
        error(live.get(q(media + "/short.mp4")), 422, "is a file, not a folder");
        error(live.get(q(media) + "&limit=0"), 400, "limit");
        error(live.get(q(media) + "&limit=1001"), 400, "limit");
        error(live.get(q(media + "/a\u0001b")), 400, "control characters");
        error(live.get(q(media) + "&sort=name"), 400, "unknown");
    }
}
