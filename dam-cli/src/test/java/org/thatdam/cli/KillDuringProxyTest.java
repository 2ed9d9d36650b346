package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.testing.TestMedia;

/** kill -9 while a proxy encodes; start again: the job completes once and no partial file is ever in place. */
class KillDuringProxyTest {

    @TempDir Path tmp;

    @Test
    void aKilledProxyJobIsReclaimedAndCompletesOnce() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Path mkv = media.resolve("long.mkv"); // Matroska: not browser-safe, so it needs a real encode
        var r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), FfmpegArgs.ffmpeg()
                .input(TestMedia.clip(20, "1280x720")).add("-c", "copy").output(mkv).list(), Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        CliRunner.age(media);
        Path home = tmp.resolve("home");
        CliRunner dam = new CliRunner(home);
        assertThat(dam.run("scan", media.toString()).code()).isZero();
        long assetId = dam.run("show", mkv.toString(), "--json").json().get("id").asLong();
        // Only the proxy is left to do, so the child is busy with exactly that.
        for (JsonNode j : dam.run("jobs", "list", "--json").json().get("items")) {
            if (!j.get("kind").asText().equals("proxy")) dam.run("jobs", "cancel", j.get("id").asText());
        }

        Process child = new ProcessBuilder(CliRunner.childJava(Main.class,
                "jobs", "wait", "--home", home.toString()))
                .redirectOutput(tmp.resolve("child.out").toFile()).redirectErrorStream(true).start();
        Path derivatives = home.resolve("derivatives");
        // Killed once the encode has written into its temp file, so there is a partial proxy to clean.
        await("the encode had started").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> !child.isAlive() || tempProxyBytes(derivatives) > 0);
        assertThat(child.isAlive()).as("the child still encodes").isTrue();
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
        // The child's ffmpeg dies with it (parent-death signal): none is left to write into the library.
        await("the killed child's ffmpeg is gone").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> ProcessHandle.allProcesses()
                        .noneMatch(p -> p.isAlive() && p.info().commandLine().orElse("").contains(mkv.toString())));
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(mkv.toString())))
                .as("the killed child's ffmpeg").isEmpty();

        assertThat(hasFile(derivatives, "proxy.mp4")).as("no partial proxy in place").isFalse();
        JsonNode proxyJob = proxyJob(dam);
        assertThat(proxyJob.get("state").asText()).isEqualTo("running"); // left behind by the dead worker

        CliRunner.Result resumed = dam.run("jobs", "wait", "--timeout", "120");
        assertThat(resumed.code()).as(resumed.err() + resumed.out()).isZero();
        proxyJob = proxyJob(dam);
        assertThat(proxyJob.get("state").asText()).isEqualTo("done");
        assertThat(proxyJob.get("attempts").asInt()).isEqualTo(2);
        JsonNode shown = dam.run("show", Long.toString(assetId), "--json").json();
        Path proxy = Path.of(shown.get("proxyPath").asText());
        assertThat(proxy.getFileName().toString()).isEqualTo("proxy.mp4");
        assertThat(new org.thatdam.media.probe.MediaProber(FfmpegTools.bundled(), Duration.ofSeconds(30)).probe(proxy)
                .durationSec()).isBetween(19.0, 21.0);
        assertThat(hasFile(derivatives, ".tmp-")).as("leftovers of the killed attempt were cleaned").isFalse();
        assertThat(shown.get("derivatives").findValuesAsText("kind").stream().filter("proxy"::equals)).hasSize(1);
    }

    private static JsonNode proxyJob(CliRunner dam) {
        for (JsonNode j : dam.run("jobs", "list", "--json").json().get("items")) {
            if (j.get("kind").asText().equals("proxy")) return j;
        }
        throw new AssertionError("no proxy job");
    }

    /** Bytes written so far into the proxy's temp file (0 while there is none). */
    private static long tempProxyBytes(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".proxy.tmp-")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static boolean hasFile(Path dir, String namePart) throws Exception {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().contains(namePart));
        }
    }
}
