package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.storage.mhl.HashFormat;
import org.thatdam.storage.mhl.MhlCreator;
import org.thatdam.storage.mhl.MhlVerifier;

/** POST /api/v1/verify: a folder in a library root or the backup folder checked as a job, its report served. */
class VerifyApiTest {

    static final Path BACKUPS = tempDir();

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia().config(ConfigKey.BACKUP_DIR, BACKUPS.toString());

    static Path card;

    @BeforeAll
    static void start() throws Exception {
        live.dam().roots().addRoot(live.mediaDir(), org.thatdam.model.Actor.commandLine());
        // Written after the library's scan, as an offload destination inside a root is.
        card = live.mediaDir().resolve("offload/A001");
        TestMedia.copy(TestMedia.h264Mp4(), card.resolve("CLIPS"), "C0001.MP4");
        TestMedia.copy(TestMedia.h264Mp4(), card.resolve("CLIPS"), "C0002.MP4");
        seal(card);
        live.runJobs();
    }

    static void seal(Path dir) {
        MhlVerifier.record(dir, EnumSet.of(HashFormat.XXH64, HashFormat.MD5), MhlCreator.ours(Optional.empty()), Instant.now(),
                MhlVerifier.Progress.NONE);
    }

    static JsonNode verify(Path dir) {
        HttpResponse<String> r = live.post("/api/v1/verify", "{\"path\":" + LiveServer.quote(dir.toString()) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode job = LiveServer.parse(r.body());
        assertThat(job.path("kind").asText()).isEqualTo("verify");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/verify/" + job.path("id").asLong());
        live.awaitJob(job.path("id").asLong());
        return live.getJson("/api/v1/verify/" + job.path("id").asLong());
    }

    @Test
    void aVerificationJobReportsWhatItFound() throws Exception {
        JsonNode good = verify(card);
        assertThat(good.path("job").path("state").asText()).as(good.toString()).isEqualTo("done");
        assertThat(good.path("job").path("progress").asDouble()).isEqualTo(1.0);
        JsonNode result = good.path("result");
        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(result.path("checked").asInt()).isEqualTo(2);
        assertThat(result.path("bytes").asLong()).isEqualTo(2 * Files.size(card.resolve("CLIPS/C0001.MP4")));
        assertThat(result.path("path").asText()).isEqualTo(card.toRealPath().toString());

        Path damaged = live.tmp().resolve("damaged");
        TestMedia.copy(TestMedia.h264Mp4(), damaged.resolve("CLIPS"), "C0001.MP4");
        Path inRoot = live.mediaDir().resolve("offload/A002");
        Files.createDirectories(inRoot);
        TestMedia.copy(TestMedia.h264Mp4(), inRoot.resolve("CLIPS"), "C0001.MP4");
        Files.writeString(inRoot.resolve("CLIPS/C0002.MP4"), "a short clip");
        seal(inRoot);
        Path clip = inRoot.resolve("CLIPS/C0001.MP4");
        byte[] b = Files.readAllBytes(clip);
        b[b.length - 100] ^= 1;
        Files.write(clip, b);
        Files.delete(inRoot.resolve("CLIPS/C0002.MP4"));

        JsonNode bad = verify(inRoot);
        assertThat(bad.path("job").path("state").asText()).isEqualTo("failed");
        assertThat(bad.path("job").path("error").asText()).isEqualTo("1 changed, 1 missing (2 recorded files)");
        assertThat(bad.path("result").path("ok").asBoolean()).isFalse();
        assertThat(bad.path("result").path("changed")).singleElement().satisfies(m -> {
            assertThat(m.path("path").asText()).isEqualTo("CLIPS/C0001.MP4");
            assertThat(m.path("format").asText()).isIn("md5", "xxh64");
            assertThat(m.path("expected").asText()).isNotEqualTo(m.path("actual").asText());
        });
        assertThat(bad.path("result").path("missing")).extracting(JsonNode::asText).containsExactly("CLIPS/C0002.MP4");
    }

    @Test
    void theBackupFolderMayBeVerifiedToo() throws Exception {
        Path backup = BACKUPS.resolve("2026-03-01_0300");
        Files.createDirectories(backup);
        Files.writeString(backup.resolve("catalog.db"), "a snapshot");
        seal(backup);
        JsonNode r = verify(backup);
        assertThat(r.path("result").path("ok").asBoolean()).as(r.toString()).isTrue();
    }

    @Test
    void aFolderWithoutHistoryFailsItsJobClearly() throws Exception {
        Path plain = Files.createDirectories(live.mediaDir().resolve("offload/plain"));
        JsonNode r = verify(plain);
        assertThat(r.path("job").path("state").asText()).isEqualTo("failed");
        assertThat(r.path("job").path("error").asText()).contains("has no ASC MHL history (no ascmhl/ folder");
        assertThat(r.path("result").isNull()).isTrue();
    }

    @Test
    void pathsOutsideTheLibraryAreRefused() throws Exception {
        JsonNode e = LiveServer.assertJsonError("outside", live.post("/api/v1/verify", "{\"path\":\"/etc\"}"), 400);
        assertThat(e.path("code").asText()).isEqualTo("bad_path");
        assertThat(e.path("message").asText()).contains("not inside a library root or the backup folder");
        Path escape = live.mediaDir().resolve("..").resolve("..");
        assertThat(LiveServer.assertJsonError("dot-dot", live.post("/api/v1/verify", "{\"path\":" + LiveServer.quote(escape.toString()) + "}"), 400)
                .path("code").asText()).isEqualTo("bad_path");
        Path link = live.mediaDir().resolve("offload/link-out");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, live.tmp().getParent());
        assertThat(LiveServer.assertJsonError("link", live.post("/api/v1/verify", "{\"path\":" + LiveServer.quote(link.toString()) + "}"), 400)
                .path("code").asText()).isEqualTo("bad_path");
        LiveServer.assertJsonError("relative", live.post("/api/v1/verify", "{\"path\":\"offload/A001\"}"), 400);
        LiveServer.assertJsonError("nul", live.post("/api/v1/verify", "{\"path\":\"/tmp/a\\u0000b\"}"), 400);
        LiveServer.assertJsonError("missing", live.post("/api/v1/verify", "{\"path\":" + LiveServer.quote(live.mediaDir().resolve("nope").toString()) + "}"), 404);
        LiveServer.assertJsonError("no path", live.post("/api/v1/verify", "{}"), 422);
        LiveServer.assertJsonError("not a verification", live.get("/api/v1/verify/987654321"), 404);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("dam-backups-").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
