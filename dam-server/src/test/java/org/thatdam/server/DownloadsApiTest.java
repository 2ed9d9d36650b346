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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.Role;

/**
 * Files are saved under their real names ({@code vtest.proxy.mp4}, not {@code proxy.mp4}), shown
 * inline unless {@code ?download=1} asks for an attachment, and an asset lists what its caller may
 * download. Names from hostile file names never break the header.
 *
 * <pre>
 * media/trip/vtest.mp4            H.264 + AAC, 2 s
 * media/trip/tone.mp3             MP3 (no poster, no sprites)
 * media/odd/NASTY                 a 1 s clip under a name with a quote, a semicolon, a right-to-left
 *                                 override, an accent and a line feed
 * </pre>
 */
class DownloadsApiTest {

    static final String NASTY = "evil\"; filename=x.exe\u202Egpj \u00e9\n.mp4";

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "trip/vtest.mp4", TestMedia::h264Mp4,
            "trip/tone.mp3", TestMedia::mp3,
            "odd/" + NASTY, () -> TestMedia.clip(1, "160x120"))).jobsDone();

    /** The same library served with originals switched on. */
    @RegisterExtension
    @Order(2)
    static final LiveServer originals = LiveServer.sharingHomeOf(live).config(ConfigKey.SERVER_ORIGINALS, "true");

    @BeforeAll
    static void roots() {
        live.dam().roots().addRoot(live.mediaDir(), Actor.commandLine()); // originals are only served from inside a root
    }

    static String disposition(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Disposition").orElse(null);
    }

    @Test
    void everyFileIsNamedAfterItsAssetInlineOrAsAnAttachment() {
        long id = live.idOf("trip/vtest.mp4");
        String base = "/api/v1/assets/" + id;
        Map<String, String> names = Map.of(
                "/poster?size=large", "vtest.poster.jpg",
                "/poster", "vtest.poster-small.jpg",
                "/proxy", "vtest.proxy.mp4",
                "/sprite.vtt", "vtest.sprite.vtt",
                "/sprites/0.jpg", "vtest.sprite-0.jpg",
                "/derivatives/proxy", "vtest.proxy.mp4",
                "/derivatives/poster-large", "vtest.poster.jpg");
        names.forEach((route, name) -> {
            HttpResponse<byte[]> inline = live.getBytes(base + route);
            assertThat(inline.statusCode()).as(route).isEqualTo(200);
            assertThat(disposition(inline)).as(route).isEqualTo("inline; filename=\"" + name + "\"; filename*=UTF-8''" + name);
            String sep = route.contains("?") ? "&" : "?";
            HttpResponse<byte[]> saved = live.getBytes(base + route + sep + "download=1");
            assertThat(disposition(saved)).as(route).isEqualTo("attachment; filename=\"" + name + "\"; filename*=UTF-8''" + name);
            assertThat(saved.body()).as(route).isEqualTo(inline.body());
        });
        // a byte range and a HEAD carry the name too
        HttpResponse<byte[]> range = live.getBytes(base + "/proxy?download=true", "Range", "bytes=0-9");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(disposition(range)).startsWith("attachment; filename=\"vtest.proxy.mp4\"");
        HttpResponse<String> head = live.send(HttpRequest.newBuilder(live.uri(base + "/proxy?download=1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(disposition(head)).startsWith("attachment; filename=\"vtest.proxy.mp4\"");

        // an answer that is an error is never offered as a file
        HttpResponse<byte[]> none = live.getBytes("/api/v1/assets/" + live.idOf("trip/tone.mp3") + "/sprites/0.jpg?download=1");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(disposition(none)).isNull();
        LiveServer.assertJsonError("download of another value", live.get(base + "/proxy?download=yes"), 400);
    }

    @Test
    void hostileNamesBecomeOneHarmlessFileName() throws Exception {
        long id = live.dam().assets().resolve(live.path("odd/" + NASTY)).asset().id();
        HttpResponse<byte[]> proxy = live.getBytes("/api/v1/assets/" + id + "/proxy?download=1");
        assertThat(proxy.statusCode()).isEqualTo(200);
        // the quote and the override are gone, the line feed is a space, the accent is kept in the exact form
        assertThat(disposition(proxy)).isEqualTo("attachment; filename=\"evil_; filename=x.exe_gpj _.proxy.mp4\"; "
                + "filename*=UTF-8''evil_%3B%20filename%3Dx.exe_gpj%20%C3%A9.proxy.mp4");

        HttpResponse<byte[]> original = originals.getBytes("/api/v1/assets/" + id + "/original?download=1");
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(disposition(original)).isEqualTo("attachment; filename=\"evil_; filename=x.exe_gpj _ .mp4\"; "
                + "filename*=UTF-8''evil_%3B%20filename%3Dx.exe_gpj%20%C3%A9%20.mp4");
        assertThat(original.body()).isEqualTo(Files.readAllBytes(Path.of(live.path("odd/" + NASTY))));

        // a title made a path: one name, no folder, no leading dots
        long clip = live.idOf("trip/vtest.mp4");
        assertThat(live.patch("/api/v1/assets/" + clip, "{\"title\":\"../../etc/x\"}").statusCode()).isEqualTo(200);
        try {
            HttpResponse<byte[]> poster = live.getBytes("/api/v1/assets/" + clip + "/poster");
            assertThat(disposition(poster)).isEqualTo("inline; filename=\"_.._etc_x.poster-small.jpg\"; "
                    + "filename*=UTF-8''_.._etc_x.poster-small.jpg");
        } finally {
            live.patch("/api/v1/assets/" + clip, "{\"title\":\"vtest\"}");
        }
    }

    @Test
    void anAssetListsWhatItsCallerMayDownload() throws Exception {
        long id = live.idOf("trip/vtest.mp4");
        String path = "/api/v1/assets/" + id;

        // originals switched off: the derivatives only (no sprite track), most wanted first
        JsonNode viewer = asset(live, Role.VIEWER, path);
        assertThat(kinds(viewer)).containsExactly("proxy", "poster-large", "poster-small");
        JsonNode proxy = viewer.get("downloads").get(0);
        assertThat(proxy.get("label").asText()).isEqualTo("Proxy");
        assertThat(proxy.get("fileName").asText()).isEqualTo("vtest.proxy.mp4");
        assertThat(proxy.get("url").asText()).isEqualTo(path + "/derivatives/proxy?download=1");
        HttpResponse<byte[]> saved = live.getBytes(proxy.get("url").asText());
        assertThat(saved.body().length).isEqualTo(proxy.get("sizeBytes").asLong());
        assertThat(disposition(saved)).startsWith("attachment; filename=\"vtest.proxy.mp4\"");
        assertThat(kinds(asset(live, Role.ADMIN, path))).doesNotContain("original");

        // switched on: the original, for the roles its route allows
        assertThat(kinds(asset(originals, Role.VIEWER, path))).doesNotContain("original");
        JsonNode editor = asset(originals, Role.EDITOR, path);
        assertThat(kinds(editor)).containsExactly("original", "proxy", "poster-large", "poster-small");
        JsonNode original = editor.get("downloads").get(0);
        assertThat(original.get("fileName").asText()).isEqualTo("vtest.mp4");
        assertThat(original.get("sizeBytes").asLong()).isEqualTo(Files.size(Path.of(live.path("trip/vtest.mp4"))));
        HttpResponse<byte[]> bytes = originals.sendBytes(HttpRequest.newBuilder(originals.uri(original.get("url").asText()))
                .header("Authorization", "Bearer " + originals.key(Role.EDITOR)));
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(disposition(bytes)).startsWith("attachment; filename=\"vtest.mp4\"");

        // a file gone from disk is not offered
        Path poster = live.dam().assets().derivativeFile(id, "poster-small").orElseThrow();
        Path aside = poster.resolveSibling("aside.jpg");
        Files.move(poster, aside);
        try {
            assertThat(kinds(asset(live, Role.VIEWER, path))).containsExactly("proxy", "poster-large");
        } finally {
            Files.move(aside, poster);
        }
    }

    private static JsonNode asset(LiveServer server, Role role, String path) {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + server.key(role)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return LiveServer.parse(r.body());
    }

    private static List<String> kinds(JsonNode asset) {
        List<String> out = new ArrayList<>();
        asset.get("downloads").forEach(d -> out.add(d.get("kind").asText()));
        return out;
    }
}
