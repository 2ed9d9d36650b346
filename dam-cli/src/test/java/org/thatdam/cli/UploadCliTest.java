package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.json.Json;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Role;
import org.thatdam.server.LiveServer;

/**
 * {@code dam upload} against a real server (tus over HTTP on loopback), run as its own process as a
 * user runs it: the resume store lives in the {@code XDG_CACHE_HOME} it is given and the key comes
 * from a file. A line cut by a relay in front of the server interrupts a run; running the same
 * command again resumes at the server's offset.
 */
class UploadCliTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of("seed/short.mp4", TestMedia::shortClip))
            .config(ConfigKey.UPLOADS_MAX_FILE_MB, "64");

    @TempDir Path tmp;

    record Run(int code, String out, String err) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
            }
        }
    }

    @Test
    void uploadsAFolderWithItsSubFoldersSkippingClutterThenSkipsWhatIsDone() throws Exception {
        Path trip = tmp.resolve("Trip");
        TestMedia.copy(TestMedia.h264Mp4(), trip, "clip.mp4");
        TestMedia.copy(TestMedia.clip(1.0, "160x120"), trip.resolve("day 2"), "short.mp4");
        Files.writeString(trip.resolve(".DS_Store"), "clutter");
        Files.writeString(trip.resolve("._clip.mp4"), "resource fork");
        Files.writeString(trip.resolve("Thumbs.db"), "clutter");
        TestMedia.copy(TestMedia.shortClip(), trip.resolve(".hidden"), "secret.mp4");

        Run r = upload(trip.toString(), "--batch", "Trip 2026", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode files = r.json().get("files");
        assertThat(files).hasSize(2);
        assertThat(r.json().get("uploaded").asInt()).isEqualTo(2);
        assertThat(files.get(0).get("relativePath").asText()).isEqualTo("Trip/clip.mp4");
        assertThat(files.get(1).get("relativePath").asText()).isEqualTo("Trip/day 2/short.mp4");
        for (JsonNode f : files) {
            assertThat(f.get("outcome").asText()).isEqualTo("uploaded");
            JsonNode asset = live.getJson("/api/v1/assets/" + f.get("assetId").asLong());
            assertThat(asset.get("batch").asText()).isEqualTo("Trip 2026");
            Path stored = Path.of(f.get("serverPath").asText());
            assertThat(Files.mismatch(stored, Path.of(f.get("file").asText()))).as("byte-identical").isEqualTo(-1);
        }
        assertThat(files.get(1).get("serverPath").asText()).contains("day 2");

        // the same command again: nothing is sent, each file reports what it became
        Run again = upload(trip.toString(), "--batch", "Trip 2026", "--json");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.json().get("alreadyUploaded").asInt()).isEqualTo(2);
        assertThat(again.json().get("bytesSent").asLong()).isZero();
        assertThat(again.json().get("files").get(0).get("assetId").asLong()).isEqualTo(files.get(0).get("assetId").asLong());

        // the same content under another name: the server's duplicate of the first asset
        Path copy = tmp.resolve("again");
        TestMedia.copy(TestMedia.h264Mp4(), copy, "clip copy.mp4");
        Run dup = upload(copy.resolve("clip copy.mp4").toString());
        assertThat(dup.code()).as(dup.err()).isZero();
        assertThat(dup.out()).contains("uploaded clip copy.mp4 → duplicate of asset " + files.get(0).get("assetId").asLong())
                .contains("1 duplicate(s)");
    }

    @Test
    void aFileThatIsNotReadableAsMediaSaysSoAndTheNameTheServerGaveIt() throws Exception {
        Path bad = Files.writeString(Files.createDirectories(tmp.resolve("odd")).resolve("CON.mp4"), "not a video at all");
        Run r = upload(bad.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("uploaded CON\\.mp4 → asset [0-9]+ \\(stored as _CON\\.mp4\\) \\(not readable as media: .+\\)");
    }

    @Test
    void aCutLineLeavesAResumableUploadThatTheNextRunFinishesFromTheServersOffset() throws Exception {
        Path big = bigClip(tmp.resolve("big"), "long take.mp4", 3 << 20, 1);
        try (CuttingProxy proxy = new CuttingProxy(live.port())) {
            proxy.cutOnceAfter(1_200_000);
            Run cut = uploadVia(proxy.url(), big.toString(), "--chunk-size", "256k", "--retries", "0", "--json");
            assertThat(cut.code()).as(cut.out() + cut.err()).isEqualTo(8);
            assertThat(cut.err()).contains("run the same command again to resume").doesNotContain("Exception");
            assertThat(proxy.cuts()).isEqualTo(1);

            Run resumed = uploadVia(proxy.url(), big.toString(), "--chunk-size", "256k", "--json");
            assertThat(resumed.code()).as(resumed.err()).isZero();
            JsonNode f = resumed.json().get("files").get(0);
            long size = Files.size(big);
            long at = f.get("resumedAt").asLong();
            // at least the whole requests that went through before the cut (four of 256 KiB)
            assertThat(at).isBetween(4L * 256 * 1024, size - 1);
            assertThat(resumed.json().get("bytesSent").asLong()).isEqualTo(size - at);
            // a clip with a long random tail: catalogued, or kept when the prober refuses the tail
            assertThat(f.get("outcome").asText()).isIn("uploaded", "received");
            assertThat(Files.mismatch(Path.of(f.get("serverPath").asText()), big)).as("byte-identical").isEqualTo(-1);
        }
    }

    @Test
    void aDroppedConnectionIsResumedWithinTheSameRun() throws Exception {
        Path big = bigClip(tmp.resolve("big"), "retry.mp4", 2 << 20, 2);
        try (CuttingProxy proxy = new CuttingProxy(live.port())) {
            proxy.cutOnceAfter(700_000);
            Run r = uploadVia(proxy.url(), big.toString(), "--chunk-size", "128k", "--json");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(proxy.cuts()).isEqualTo(1);
            JsonNode f = r.json().get("files").get(0);
            assertThat(f.get("outcome").asText()).isIn("uploaded", "received");
            // everything once, plus at most the request the cut broke
            assertThat(r.json().get("bytesSent").asLong()).isBetween(Files.size(big), Files.size(big) + 128 * 1024);
            assertThat(Files.mismatch(Path.of(f.get("serverPath").asText()), big)).isEqualTo(-1);
        }
    }

    @Test
    void refusalsAreOneLineWithTheirExitCodes() throws Exception {
        Path clip = TestMedia.copy(TestMedia.shortClip(), tmp.resolve("one"), "s.mp4");
        Path huge = tmp.resolve("huge.mp4");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(65L << 20); // sparse: over the 64 MiB limit without writing it
        }
        Run tooLarge = upload(huge.toString());
        assertThat(tooLarge.code()).as(tooLarge.err()).isEqualTo(6);
        assertThat(tooLarge.err()).startsWith("dam: ").contains("huge.mp4").contains("limit");

        Path wrongKey = tmp.resolve("wrong.key");
        Files.writeString(wrongKey, "dam_not_a_key\n");
        Run unauthorized = run(Map.of(), "upload", clip.toString(), "--server", live.uri("").toString(), "--api-key-file", wrongKey.toString());
        assertThat(unauthorized.code()).as(unauthorized.err()).isEqualTo(5);
        assertThat(unauthorized.err()).startsWith("dam: ").hasLineCount(1);
        assertThat(unauthorized.err()).contains("set DAM_API_KEY or use --api-key-file");

        Path noHome = tmp.resolve("no-such-home");
        CliRunner.Result noLibrary = CliRunner.runRaw("upload", clip.toString(), "--home", noHome.toString());
        assertThat(noLibrary.code()).isEqualTo(8);
        assertThat(noLibrary.err()).contains("no server runs on the library");
        assertThat(noHome).as("a client command makes no library").doesNotExist();

        Run missing = upload(tmp.resolve("nowhere.mp4").toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no such file or folder");

        CliRunner.Result badUrl = CliRunner.runRaw("upload", clip.toString(), "--server", "ftp://example.org");
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err()).contains("--server");
        CliRunner.Result noServer = new CliRunner(tmp.resolve("home")).run("upload", clip.toString());
        assertThat(noServer.code()).isEqualTo(8);
        assertThat(noServer.err()).contains("no server runs on the library").contains("--server");
        CliRunner.Result nothing = CliRunner.runRaw("upload", Files.createDirectories(tmp.resolve("empty")).toString(), "--server", "http://127.0.0.1:9");
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).contains("nothing to upload");
    }

    /** A playable clip followed by {@code tail} random bytes (seeded): large enough for several requests. */
    private static Path bigClip(Path dir, String name, int tail, long seed) throws IOException {
        byte[] clip = Files.readAllBytes(TestMedia.h264Mp4());
        byte[] b = new byte[clip.length + tail];
        System.arraycopy(clip, 0, b, 0, clip.length);
        byte[] rnd = new byte[tail];
        new SplittableRandom(seed).nextBytes(rnd);
        System.arraycopy(rnd, 0, b, clip.length, tail);
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), b);
    }

    private Run upload(String... args) throws Exception {
        return uploadVia(live.uri("").toString().replaceAll("/$", ""), args);
    }

    private Run uploadVia(String server, String... args) throws Exception {
        Path key = tmp.resolve("editor.key");
        if (!Files.exists(key)) Files.writeString(key, live.key(Role.EDITOR));
        List<String> all = new ArrayList<>(List.of("upload"));
        all.addAll(List.of(args));
        all.addAll(List.of("--server", server, "--api-key-file", key.toString()));
        return run(Map.of(), all.toArray(String[]::new));
    }

    /** The command in a process of its own, with this test's cache folder. */
    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = CliRunner.childJava(Main.class, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.environment().remove("DAM_API_KEY");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("dam upload did not finish: " + Files.readString(tmp.resolve("err.txt")));
        }
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }
}
