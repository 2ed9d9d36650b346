package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a serving JVM in the middle of a recording of the test source: the staging file it leaves is a
 * playable fragmented MP4 up to about the last second, and the next server on the same home catalogues it as a
 * recovered take (an asset tagged {@code recovered} with the duration that was written).
 */
class CaptureKillTest {

    @TempDir Path tmp;

    @Test
    void aTakeOfAKilledServerIsPlayableAndCataloguedAsRecoveredAtTheNextStart() throws Exception {
        Path home = tmp.resolve("home");
        String toml = """
                [capture]
                test-sources = 1
                min-free-mb = 0
                preset = "ultrafast"
                """;
        long takeId;
        double progressAtKill;
        Path staging;
        try (CaptureServer first = CaptureServer.start(home, toml, Map.of()).listen()) {
            first.smallPictures("test-1");
            JsonNode started = first.post("/api/v1/capture/record", Map.of("sources", List.of("test-1"), "name", "harbour kill"))
                    .expect(201).json();
            List<JsonNode> takes = CaptureServer.list(started, "takes");
            assertThat(takes).hasSize(1);
            takeId = takes.get(0).path("id").asLong();
            assertThat(takes.get(0).path("state").asText()).isEqualTo("recording");
            // the server's own count of what it has written, about once a second
            JsonNode progress = first.awaitEvent("recording.progress",
                    e -> e.path("takeId").asLong() == takeId && e.path("durationSeconds").asDouble() >= 4, Duration.ofMinutes(1));
            staging = home.resolve("capture").resolve(takeId + ".mp4");
            assertThat(staging).as("the staging file of a running take").isRegularFile();
            first.kill9();
            progressAtKill = lastProgress(first, takeId, progress.path("durationSeconds").asDouble());
        }

        // What a power cut leaves: fragments up to the last second, each playable.
        assertThat(staging).isRegularFile();
        JsonNode probe = LiveMedia.probe(staging);
        assertThat(probe.path("format").path("format_name").asText()).contains("mp4");
        double written = LiveMedia.duration(probe);
        // all but the open one-second fragment and what the encoder still held in its look-ahead
        assertThat(written).as("up to the last fragments of " + progressAtKill + " s").isGreaterThanOrEqualTo(progressAtKill - 2.5)
                .isGreaterThanOrEqualTo(1.5);
        long frames = LiveMedia.decodedFrames(staging);
        assertThat(frames).as("every frame decodes").isGreaterThan(0);

        // The next server finds the take of a process that is gone and catalogues what it wrote.
        try (CaptureServer second = CaptureServer.start(home, toml, Map.of())) {
            JsonNode recovered = await("the take is recovered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> CaptureServer.list(second.get("/api/v1/capture/takes?limit=10").expect(200).json(), "takes").stream()
                                    .filter(t -> t.path("id").asLong() == takeId).findFirst().orElse(null),
                            t -> t != null && !t.path("assetId").isNull() && !t.path("assetId").isMissingNode());
            assertThat(recovered.path("state").asText()).isEqualTo("recovered");
            assertThat(recovered.path("durationSeconds").asDouble()).isCloseTo(written, within(0.5));
            Path file = Path.of(recovered.path("path").asText());
            assertThat(file).as("moved out of the staging folder into the captures root").isRegularFile()
                    .hasFileName("harbour kill.mp4");
            assertThat(staging).doesNotExist();
            assertThat(LiveMedia.decodedFrames(file)).isEqualTo(frames);

            JsonNode asset = second.get("/api/v1/assets/" + recovered.path("assetId").asLong()).expect(200).json();
            assertThat(asset.path("title").asText()).isEqualTo("harbour kill");
            assertThat(CaptureServer.list(asset, "tags").stream().map(JsonNode::asText)).contains("capture", "recovered");
            assertThat(asset.path("durationSec").asDouble()).as("the duration that was written before the kill")
                    .isCloseTo(written, within(0.5));
            assertThat(Files.exists(home.resolve("capture").resolve(takeId + ".mp4"))).isFalse();
        }
    }

    /** The last duration the killed server reported for the take (events may have come after the awaited one). */
    private static double lastProgress(CaptureServer s, long takeId, double atLeast) {
        double last = atLeast;
        for (JsonNode e : s.events()) {
            if (e.path("type").asText().equals("recording.progress") && e.path("takeId").asLong() == takeId) {
                last = Math.max(last, e.path("durationSeconds").asDouble());
            }
        }
        return last;
    }
}
