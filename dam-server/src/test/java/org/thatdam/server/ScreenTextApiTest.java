package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.testing.SlideClips;
import org.thatdam.model.Asset;

/** The scenes of a slide video over HTTP carry the on-screen text read on their keyframes, with where it is. */
class ScreenTextApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<java.nio.file.Path>>of(
                    "deck.mp4", SlideClips::deck))
            .config(ConfigKey.SEMANTIC_AUTO, "true").jobsDone();

    /** Reads the video's keyframes (the scenes job queues this; queued here too so the test waits on its own job). */
    static JsonNode readText(long id) {
        Asset a = live.dam().catalog().read(s -> s.assets().find(id)).orElseThrow();
        long job = live.dam().catalog().write(s -> s.jobs().enqueue(JobKind.OCR.forVersion(id, a.currentVersionId()),
                System.currentTimeMillis()));
        live.dam().engine().signal();
        return live.awaitJob(job);
    }

    @Test
    void eachSceneAndBeatListsTheTextOnItsKeyframes() {
        long id = live.idOf("deck.mp4");
        assertThat(readText(id).path("state").asText()).isEqualTo("done");

        List<JsonNode> scenes = new ArrayList<>();
        live.getJson("/api/v1/assets/" + id + "/scenes").path("scenes").forEach(scenes::add);
        assertThat(scenes).isNotEmpty();
        List<String> seen = new ArrayList<>();
        for (JsonNode scene : scenes) {
            for (JsonNode beat : scene.path("beats")) {
                // What the deck shows at the beat's keyframe is what was read there.
                String[] shown = SlideClips.DECK.get((int) Math.floor(beat.path("keyframeSec").asDouble()));
                String read = lines(beat.path("text"));
                if (shown.length == 0) assertThat(read).as("a blank slide").isEmpty();
                for (String line : shown) assertThat(read).contains(line.toLowerCase());
                for (JsonNode line : beat.path("text")) {
                    assertThat(line.path("confidence").asDouble()).isBetween(0.5, 1.0);
                    JsonNode box = line.path("box");
                    assertThat(List.of("x", "y", "w", "h"))
                            .allSatisfy(k -> assertThat(box.path(k).asDouble()).isBetween(0.0, 1.0));
                    assertThat(box.path("x").asDouble() + box.path("w").asDouble()).isLessThanOrEqualTo(1.0);
                    assertThat(lines(scene.path("text"))).as("the scene lists its beats' lines")
                            .contains(line.path("text").asText().toLowerCase());
                }
                seen.add(read);
            }
            // A slide shown across several beats is one line of its scene.
            List<String> texts = new ArrayList<>();
            scene.path("text").forEach(t -> texts.add(t.path("text").asText()));
            assertThat(texts).doesNotHaveDuplicates();
        }
        assertThat(String.join(" / ", seen)).as("the keyframes of the deck").contains("q3 roadmap", "thank you");
    }

    private static String lines(JsonNode text) {
        List<String> out = new ArrayList<>();
        text.forEach(t -> out.add(t.path("text").asText()));
        return String.join(" / ", out).toLowerCase();
    }
}
