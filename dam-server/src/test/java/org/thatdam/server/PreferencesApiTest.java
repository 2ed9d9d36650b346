package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Role;

/**
 * What the dashboard remembers per person, over real HTTP on a real catalog: stored and read back
 * as JSON, each person sees only their own, keys and sizes are bounded, and anonymous callers get
 * nothing.
 */
class PreferencesApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of());

    @Test
    void aValueIsRememberedForItsOwnerOnlyAndCanBeForgotten() {
        assertThat(put(Role.VIEWER, "asset.tab", "{\"value\":\"technical\"}").statusCode()).isEqualTo(204);
        assertThat(put(Role.VIEWER, "library.density", "{\"value\":{\"size\":\"compact\",\"n\":[1,2]}}").statusCode()).isEqualTo(204);
        assertThat(put(Role.VIEWER, "asset.tab", "{\"value\":\"history\"}").statusCode()).isEqualTo(204);

        JsonNode mine = values(Role.VIEWER);
        assertThat(mine.path("asset.tab").asText()).isEqualTo("history");
        assertThat(mine.path("library.density").path("n").get(1).asInt()).isEqualTo(2);
        assertThat(values(Role.EDITOR).has("asset.tab")).as("another person's values").isFalse();

        assertThat(send(Role.VIEWER, HttpRequest.newBuilder(live.uri("/api/v1/auth/preferences/asset.tab")).DELETE()).statusCode())
                .isEqualTo(204);
        assertThat(values(Role.VIEWER).has("asset.tab")).isFalse();
        assertThat(values(Role.VIEWER).has("library.density")).isTrue();
    }

    @Test
    void badKeysValuesAndCallersAreRefusedWithAClearError() {
        HttpResponse<String> badKey = put(Role.VIEWER, "Bad%20Key", "{\"value\":1}");
        assertThat(badKey.statusCode()).isEqualTo(422);
        assertThat(badKey.body()).contains("preference key");

        HttpResponse<String> noValue = put(Role.VIEWER, "theme", "{}");
        assertThat(noValue.statusCode()).isEqualTo(422);
        assertThat(LiveServer.parse(noValue.body()).path("error").path("message").asText()).isEqualTo("field \"value\" is required");

        HttpResponse<String> huge = put(Role.VIEWER, "theme", "{\"value\":\"" + "x".repeat(9000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).contains("8 KB");

        HttpResponse<String> deep = put(Role.VIEWER, "theme", "{\"value\":" + "[".repeat(40) + "\"[{\"" + "]".repeat(40) + "}");
        assertThat(deep.statusCode()).as("nested deeper than a value can be written back").isEqualTo(422);
        assertThat(deep.body()).contains("32 deep");
        String shallow = "[".repeat(32) + "\"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\"" + "]".repeat(32);
        assertThat(put(Role.VIEWER, "nested", "{\"value\":" + shallow + "}").statusCode()).as("brackets in strings do not count").isEqualTo(204);
        assertThat(values(Role.VIEWER).has("nested")).isTrue();

        HttpResponse<String> anonymous = live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/v1/auth/preferences")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void anAccountKeepsAtMostAHundredKeys() {
        for (int i = 0; i < 100; i++) {
            assertThat(put(Role.EDITOR, "k" + i, "{\"value\":" + i + "}").statusCode()).isEqualTo(204);
        }
        HttpResponse<String> more = put(Role.EDITOR, "one-more", "{\"value\":true}");
        assertThat(more.statusCode()).isEqualTo(422);
        assertThat(more.body()).contains("at most 100");
        assertThat(put(Role.EDITOR, "k5", "{\"value\":\"changed\"}").statusCode()).as("replacing a key is fine").isEqualTo(204);
        assertThat(values(Role.EDITOR).path("k5").asText()).isEqualTo("changed");
    }

    private static JsonNode values(Role who) {
        HttpResponse<String> r = send(who, HttpRequest.newBuilder(live.uri("/api/v1/auth/preferences")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return LiveServer.parse(r.body()).path("values");
    }

    private static HttpResponse<String> put(Role who, String key, String json) {
        return send(who, HttpRequest.newBuilder(live.uri("/api/v1/auth/preferences/" + key)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> send(Role who, HttpRequest.Builder b) {
        return live.sendAnonymous(b.header("Authorization", "Bearer " + live.key(who)));
    }
}
