package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.media.testing.SceneMedia;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Role;

/** A video's scenes over HTTP: the tree with keyframe URLs, the keyframes, a new analysis, roles and errors. */
class ScenesApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<java.nio.file.Path>>of(
                    "cuts.mp4", SceneMedia::cuts, "still.png", TestMedia::png))
            .config(ConfigKey.SEMANTIC_AUTO, "true").jobsDone();

    private static String scenesOf(long id) {
        return "/api/v1/assets/" + id + "/scenes";
    }

    @Test
    void scenesComeWithBeatsAndKeyframesAndCanBeAnalysedAgain() throws Exception {
        long id = live.idOf("cuts.mp4");
        JsonNode body = live.getJson(scenesOf(id));
        assertThat(body.path("assetId").asLong()).isEqualTo(id);
        List<JsonNode> scenes = new ArrayList<>();
        body.path("scenes").forEach(scenes::add);
        assertThat(scenes).hasSize(3);
        assertThat(scenes.get(0).path("startSec").asDouble()).isZero();
        for (int i = 0; i < SceneMedia.CUTS.length; i++) {
            assertThat(scenes.get(i + 1).path("startSec").asDouble()).isCloseTo(SceneMedia.CUTS[i], within(0.04));
        }
        for (JsonNode s : scenes) {
            assertThat(s.path("beats").size()).isPositive();
            assertThat(jpeg(s.path("keyframeUrl").asText()).getWidth()).isEqualTo(320);
            JsonNode beat = s.path("beats").get(0);
            assertThat(beat.path("startSec").asDouble()).isEqualTo(s.path("startSec").asDouble());
            assertThat(jpeg(beat.path("keyframeUrl").asText()).getHeight()).isEqualTo(180);
        }
        String oldKeyframe = scenes.get(0).path("keyframeUrl").asText();
        // times are rounded to the millisecond: no float noise such as 4.2010000000000005
        assertThat(live.get(scenesOf(id)).body()).doesNotContainPattern("\"(startSec|endSec|keyframeSec)\":-?\\d+\\.\\d{4,}");

        HttpResponse<String> viewer = live.sendAnonymous(HttpRequest.newBuilder(live.uri(scenesOf(id)))
                .header("Authorization", "Bearer " + live.key(Role.VIEWER)).POST(HttpRequest.BodyPublishers.noBody()));
        LiveServer.assertJsonError("a viewer cannot ask for an analysis", viewer, 403);
        HttpResponse<String> asked = live.post(scenesOf(id), "");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        JsonNode job = LiveServer.parse(asked.body());
        assertThat(job.path("kind").asText()).isEqualTo("scenes");
        assertThat(live.awaitJob(job.path("id").asLong()).path("state").asText()).isEqualTo("done");

        JsonNode again = live.getJson(scenesOf(id));
        assertThat(again.path("scenes").size()).isEqualTo(3);
        assertThat(again.path("scenes").get(0).path("id").asLong()).isNotEqualTo(scenes.get(0).path("id").asLong());
        LiveServer.assertJsonError("the replaced keyframe", live.get(oldKeyframe), 404);
        assertThat(live.getBytes(again.path("scenes").get(0).path("keyframeUrl").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void mistakesGetPreciseErrors() {
        long video = live.idOf("cuts.mp4");
        long still = live.idOf("still.png");
        assertThat(live.getJson(scenesOf(still)).path("scenes").size()).as("a picture has none").isZero();
        LiveServer.assertJsonError("not a video", live.post(scenesOf(still), ""), 422);
        LiveServer.assertJsonError("no such asset", live.get(scenesOf(987654321)), 404);
        LiveServer.assertJsonError("no such asset", live.post(scenesOf(987654321), ""), 404);
        LiveServer.assertJsonError("no such scene", live.get(scenesOf(video) + "/987654321/keyframe"), 404);
        LiveServer.assertJsonError("not an id", live.get(scenesOf(video) + "/x1/keyframe"), 400);
        long sceneOfVideo = live.getJson(scenesOf(video)).path("scenes").get(0).path("id").asLong();
        LiveServer.assertJsonError("a scene of another asset", live.get(scenesOf(still) + "/" + sceneOfVideo + "/keyframe"), 404);
    }

    private static BufferedImage jpeg(String url) throws Exception {
        HttpResponse<byte[]> r = live.getBytes(url);
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }
}
