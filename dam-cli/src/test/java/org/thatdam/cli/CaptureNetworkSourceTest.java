package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.capture.NoSignalFrame;

/**
 * A network source served by an ffmpeg on a loopback port (HTTP MPEG-TS), added through the API: its preview
 * arrives; when the serving ffmpeg is killed the source reports no signal and the preview carries "No signal"
 * pictures; when it serves again the preview resumes by itself, on the same connection of the viewer.
 */
class CaptureNetworkSourceTest {

    @TempDir Path tmp;

    /** One part of the preview as the viewer got it, with the count of events the server had sent by then. */
    record Part(byte[] jpeg, int eventsBefore) {}

    @Test
    void aDroppedNetworkSourceShowsNoSignalAndResumesByItself() throws Exception {
        int port = LiveMedia.freePort();
        // the server's "No signal" card at the preview's size (640 px, 16:9), sent once a second while nothing comes
        byte[] card = NoSignalFrame.jpeg(640, 360);
        try (CaptureServer server = CaptureServer.start(tmp.resolve("home"), """
                [capture]
                test-sources = 0
                """, Map.of()).listen()) {
            LiveMedia.LoopbackStream stream = LiveMedia.LoopbackStream.start(port, "320x240");
            JsonNode source;
            List<Part> parts = new CopyOnWriteArrayList<>();
            AtomicReference<Throwable> readerFailed = new AtomicReference<>();
            int[] killedAt = {0};
            try {
                source = server.post("/api/v1/capture/sources", Map.of("name", "loopback camera", "url", stream.url())).expect(201).json();
                assertThat(source.path("kind").asText()).isEqualTo("network");
                String id = source.path("id").asText();
                assertThat(source.path("address").asText()).isEqualTo(stream.url());
                assertThat(CaptureServer.list(server.get("/api/v1/capture/sources").expect(200).json(), "sources"))
                        .anyMatch(s -> s.path("id").asText().equals(id));

                InputStream preview = server.stream("/api/v1/capture/sources/" + id + "/preview.mjpeg");
                Thread.ofPlatform().name("preview-viewer").daemon().start(() -> {
                    try (preview) {
                        var reader = new org.thatdam.media.capture.MjpegParts(preview);
                        byte[] jpeg;
                        while ((jpeg = reader.next()) != null) parts.add(new Part(jpeg, server.eventCount()));
                    } catch (Throwable e) {
                        readerFailed.set(e);
                    }
                });
                await("live preview parts").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                        .until(() -> live(parts, card).size() >= 10 || readerFailed.get() != null);
                assertThat(readerFailed.get()).isNull();
                List<Part> first = live(parts, card).subList(0, 10);
                for (Part p : first) {
                    BufferedImage img = LiveMedia.decode(p.jpeg());
                    assertThat(img.getWidth()).isEqualTo(640);
                }
                assertThat(first.stream().map(p -> Arrays.hashCode(p.jpeg())).distinct().count()).as("a moving picture").isGreaterThan(1);
            } finally {
                killedAt[0] = server.eventCount();
                stream.close(); // the camera goes away
            }
            String id = source.path("id").asText();

            JsonNode lost = server.awaitEvent(killedAt[0], "capture.state",
                    e -> e.path("source").asText().equals(id) && e.path("state").asText().equals("no-signal"), Duration.ofMinutes(1));
            int lostAt = indexOf(server.events(), lost, killedAt[0]);
            await("No-signal pictures while the source is gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> parts.stream().filter(p -> p.eventsBefore() > lostAt && Arrays.equals(p.jpeg(), card)).count() >= 2
                            || readerFailed.get() != null);
            assertThat(readerFailed.get()).as("the viewer's stream stays open").isNull();
            // (a card may come before the first picture, while the server connects: not after it, until the kill)
            List<Part> sinceLive = parts.subList(parts.indexOf(live(parts, card).get(0)), parts.size());
            assertThat(sinceLive.stream().filter(p -> Arrays.equals(p.jpeg(), card)).findFirst().orElseThrow().eventsBefore())
                    .as("no card while the source was live").isGreaterThan(killedAt[0]);
            LiveMedia.decode(card);
            assertThat(server.get("/api/v1/capture/sources").json().path("sources").findValuesAsText("state")).contains("no-signal");

            // The camera comes back on the same address: the server reconnects by itself (back-off), the same viewer sees it.
            try (LiveMedia.LoopbackStream again = LiveMedia.LoopbackStream.start(port, "320x240")) {
                server.awaitEvent(lostAt + 1, "capture.state", e -> e.path("source").asText().equals(id)
                        && e.path("state").asText().equals("live"), Duration.ofMinutes(1));
                // three moving pictures in a row after the last card
                await("live pictures again").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                        .until(() -> livePartsAfterLastCard(parts, card) >= 3 || readerFailed.get() != null);
                assertThat(readerFailed.get()).isNull();
                assertThat(again.alive()).as("the server reads the new stream").isTrue();
            }
        }
    }

    private static List<Part> live(List<Part> parts, byte[] card) {
        return parts.stream().filter(p -> !Arrays.equals(p.jpeg(), card)).toList();
    }

    private static long livePartsAfterLastCard(List<Part> parts, byte[] card) {
        List<Part> now = List.copyOf(parts);
        int last = -1;
        for (int i = 0; i < now.size(); i++) if (Arrays.equals(now.get(i).jpeg(), card)) last = i;
        return last < 0 ? 0 : now.subList(last + 1, now.size()).stream().map(p -> Arrays.hashCode(p.jpeg())).distinct().count();
    }

    /** The position of {@code event} (that very object) in {@code events}, searching from {@code from}. */
    private static int indexOf(List<JsonNode> events, JsonNode event, int from) {
        for (int i = from; i < events.size(); i++) {
            if (events.get(i) == event) return i;
        }
        throw new AssertionError("event not found: " + event);
    }
}
