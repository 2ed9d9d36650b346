package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.testing.TestMedia;

/**
 * kill -9 of a `dam` process takes its ffmpeg along: checked in the process table by the test's
 * own unique input path, for a console run from the CLI and for a proxy encode in `dam serve`; and
 * its media workers.
 */
class ChildrenDieWithDamTest {

    @TempDir Path tmp;

    @Test
    void aKilledFfmpegCommandLeavesNoFfmpeg() throws Exception {
        Path input = TestMedia.copy(TestMedia.clip(4, "320x240"), tmp.resolve("in"), "endless-" + System.nanoTime() + ".mp4");
        Process dam = ServeCliTest.dam(tmp.resolve("ffmpeg.out"), "ffmpeg", input.toString(), "--home",
                tmp.resolve("home").toString(), "--", "-stream_loop", "-1", "-i", "{{input}}", "-c:v", "libx264",
                "-preset", "veryslow", "{{output.mp4}}");
        killAndExpectNoChildWith(dam, input.toString());
    }

    @Test
    void aKilledServerLeavesNoProxyEncode() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Path mkv = media.resolve("long-" + System.nanoTime() + ".mkv"); // Matroska: not browser-safe, so it is encoded
        var r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), FfmpegArgs.ffmpeg()
                .input(TestMedia.clip(20, "1280x720")).add("-c", "copy").output(mkv).list(), Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        CliRunner.age(media);
        Path home = tmp.resolve("home");
        CliRunner cli = new CliRunner(home);
        assertThat(cli.run("scan", media.toString()).code()).isZero();
        for (JsonNode j : cli.run("jobs", "list", "--json").json().get("items")) { // only the proxy is left to do
            if (!j.get("kind").asText().equals("proxy")) cli.run("jobs", "cancel", j.get("id").asText());
        }
        Process server = ServeCliTest.dam(tmp.resolve("serve.out"), "serve", "--port", "0", "--no-scan",
                "--home", home.toString());
        killAndExpectNoChildWith(server, mkv.toString());
    }

    @Test
    void aKilledServerLeavesNoMediaWorker() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Path home = tmp.resolve("home");
        assertThat(new CliRunner(home).run("roots", "add", media.toString(), "--no-scan").code()).isZero();
        // more files than a process reads through child processes before its media workers start
        CliRunner.distinctClips(media, 16, 2);
        Process server = ServeCliTest.dam(tmp.resolve("serve.out"), "serve", "--port", "0", "--no-jobs",
                "--home", home.toString()); // its start-up scan probes the new files, then in media workers
        List<ProcessHandle> workers;
        try {
            ServeCliTest.until("a media worker of the server runs", () -> !workersOf(server).isEmpty() || !server.isAlive());
            assertThat(server.isAlive()).as("dam is still running").isTrue();
            workers = workersOf(server);
        } finally {
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
        } catch (ConditionTimeoutException e) {
            // asserted below, after the leftovers are killed
        }
        List<ProcessHandle> left = workers.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("media workers left running after dam was killed").isEmpty();
    }

    /** A worker's command line names its pool's crash-report folder early (the class name comes after a long class path). */
    private static List<ProcessHandle> workersOf(Process dam) {
        return dam.children().filter(h -> h.info().commandLine().orElse("").contains("-XX:ErrorFile=")
                && h.info().commandLine().orElse("").contains("dam-media-workers-")).toList();
    }

    /** Waits for a process whose command line names {@code marker}, kills {@code dam} with SIGKILL, and expects none left. */
    private static void killAndExpectNoChildWith(Process dam, String marker) throws Exception {
        try {
            ServeCliTest.until("an ffmpeg on " + marker + " runs", () -> !withMarker(marker).isEmpty() || !dam.isAlive());
            assertThat(dam.isAlive()).as("dam is still running").isTrue();
            assertThat(withMarker(marker)).allSatisfy(h -> assertThat(h.parent().map(ProcessHandle::pid))
                    .as("ffmpeg is dam's child").contains(dam.pid()));
        } finally {
            dam.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no cancel
            assertThat(dam.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> withMarker(marker).isEmpty());
        } catch (ConditionTimeoutException e) {
            // asserted below, after the leftovers are killed
        }
        List<ProcessHandle> left = withMarker(marker);
        left.forEach(ProcessHandle::destroyForcibly); // never leave one running for the next test
        assertThat(left).as("processes left running after dam was killed").isEmpty();
    }

    private static List<ProcessHandle> withMarker(String marker) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().orElse("").contains(marker)).toList();
    }
}
