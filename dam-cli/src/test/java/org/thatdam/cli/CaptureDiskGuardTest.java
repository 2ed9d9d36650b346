package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.SmallDisk;

/**
 * The disk guard on a real small disk: a 64 MiB tmpfs holds the captures root and, bound onto the home's staging
 * folder ({@code <home>/capture}), the staging files, and {@code capture.min-free-mb} leaves room for a few MiB. A recording without an
 * end stops by itself as {@code stopped-disk-full}, its file finalised and playable, and the server keeps serving.
 * Where mounting is refused, the home goes on /dev/shm and the guard is set from its free space instead.
 */
class CaptureDiskGuardTest {

    /** Room above the guard: the guard also keeps a few seconds of the write rate (4 Mbit/s here) in hand. */
    static final long ROOM_MIB = 9;

    @TempDir Path tmp;

    @Test
    void aRecordingStopsCleanlyBeforeTheDiskIsFull() throws Exception {
        Path home = tmp.resolve("home");
        Path staging = Files.createDirectories(home.resolve("capture"));
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        boolean mounted = mount(disk, staging);
        Path shm = null;
        try {
            if (!mounted) {
                // no right to mount: the real disk of /dev/shm, the guard set just below what it has free
                shm = Files.createTempDirectory(Path.of("/dev/shm"), "dam-guard-");
                home = shm.resolve("home");
                staging = Files.createDirectories(home.resolve("capture"));
                disk = Files.createDirectories(shm.resolve("disk"));
            }
            // the captures root: outside the home (the library's data folder), on the same disk as the staging folder
            Path root = Files.createDirectories(disk.resolve("captures"));
            long freeMib = Files.getFileStore(root).getUsableSpace() >> 20;
            long guardMib = freeMib - ROOM_MIB;
            String toml = """
                    [capture]
                    test-sources = 1
                    root = "%s"
                    min-free-mb = %d
                    bitrate-kbps = 4000
                    """.formatted(root, guardMib);
            // the library's own disk guard stays out of the way: the home's derivatives are not what is tested
            try (CaptureServer server = CaptureServer.start(home, toml, Map.of("DAM_STORAGE_MIN_FREE_MB", "0")).listen()) {
                JsonNode started = server.post("/api/v1/capture/record", Map.of("sources", List.of("test-1"), "name", "until full"))
                        .expect(201).json();
                long takeId = CaptureServer.list(started, "takes").get(0).path("id").asLong();

                JsonNode stopped = server.awaitEvent("recording.stopped", e -> e.path("take").path("id").asLong() == takeId,
                        Duration.ofMinutes(2));
                assertThat(stopped.path("reason").asText()).isEqualTo("disk-full");
                JsonNode take = org.awaitility.Awaitility.await("the take is catalogued").atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(200)).until(() -> server.take(takeId), t -> t.path("assetId").isIntegralNumber());
                assertThat(take.path("state").asText()).isEqualTo("stopped-disk-full");
                assertThat(take.path("bytes").asLong()).as("a few MiB went in").isGreaterThan(1L << 20);

                Path file = Path.of(take.path("path").asText());
                assertThat(file.startsWith(root)).as(file + " in the captures root").isTrue();
                JsonNode probe = LiveMedia.probe(file);
                // at least what the take reports (the file's format duration also counts its sound)
                System.out.println("take " + take + "; file " + LiveMedia.duration(probe) + " s");
                assertThat(LiveMedia.duration(probe)).isGreaterThan(0.5).isGreaterThanOrEqualTo(take.path("durationSeconds").asDouble() - 0.5);
                assertThat(LiveMedia.decodedFrames(file)).isGreaterThan(10);
                assertThat(Files.getFileStore(root).getUsableSpace()).as("stopped before the disk was full").isGreaterThan(0);

                // Still serving: the sources and a picture of the source.
                assertThat(server.get("/api/v1/capture/sources").expect(200).json().path("sources").size()).isEqualTo(1);
                assertThat(server.get("/ready").json().path("status").asText()).isEqualTo("ready");
                try (var still = server.stream("/api/v1/capture/sources/test-1/frame.jpg")) {
                    LiveMedia.decode(still.readAllBytes());
                }
            }
        } finally {
            if (mounted) {
                SmallDisk.run("umount", "-l", tmp.resolve("home/capture").toString());
                SmallDisk.run("umount", "-l", tmp.resolve("disk").toString());
            }
            if (shm != null) deleteTree(shm);
        }
    }

    /**
     * A 64 MiB tmpfs on {@code disk} with its folder {@code staging} bound onto the home's staging folder: one disk
     * (one free space) for both; false when mounting is refused.
     */
    private static boolean mount(Path disk, Path staging) throws IOException, InterruptedException {
        if (SmallDisk.run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString()) != null) return false;
        Path onDisk = Files.createDirectories(disk.resolve("staging"));
        if (SmallDisk.run("mount", "--bind", onDisk.toString(), staging.toString()) != null) {
            SmallDisk.run("umount", "-l", disk.toString());
            return false;
        }
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
