package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.server.LiveServer.assertJsonError;
import static org.thatdam.server.LiveServer.quote;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.Dam;
import org.thatdam.core.backup.BackupRestore;
import org.thatdam.core.backup.RestoreReport;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.model.Actor;
import org.thatdam.model.Role;

/** Backups through the API (admins only), and a restored library served by a real server that plays the same assets. */
class BackupApiTest {

    static final Path OUTSIDE = tempDir();

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia().config(ConfigKey.BACKUP_DIR, OUTSIDE.resolve("nightly").toString())
            .config(ConfigKey.BACKUP_KEEP, "3").jobsDone();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("dam-backup-api-").toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeOutside() throws IOException {
        try (var s = Files.walk(OUTSIDE)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void backUpNowListTheBackupsAndRestoreALibraryThatPlays() throws Exception {
        HttpResponse<String> started = live.post("/api/v1/backups", "{}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = LiveServer.parse(started.body());
        assertThat(job.path("kind").asText()).isEqualTo("backup");
        assertThat(live.awaitJob(job.path("id").asLong()).path("state").asText()).isEqualTo("done");

        JsonNode list = live.getJson("/api/v1/backups");
        assertThat(list.path("dir").asText()).isEqualTo(OUTSIDE.resolve("nightly").toString());
        assertThat(list.path("time").asText()).isEqualTo("03:00");
        assertThat(list.path("keep").asInt()).isEqualTo(3);
        assertThat(list.path("nextRun").asText()).isNotEmpty();
        assertThat(list.path("backups")).hasSize(1);
        JsonNode b = list.path("backups").get(0);
        long assets = live.dam().catalog().read(s -> s.assets().count(org.thatdam.model.AssetQuery.all(1)));
        assertThat(b.path("assets").asLong()).isEqualTo(assets);
        assertThat(b.path("derivatives").asBoolean()).isTrue();
        assertThat(b.path("sizeBytes").asLong()).isPositive();

        Path home = OUTSIDE.resolve("restored");
        BackupRestore.Prepared p = BackupRestore.prepare(OUTSIDE.resolve("nightly"), Optional.empty(), home, false, f -> {});
        String key = live.key(Role.ADMIN);
        try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString())));
             DamServer server = DamServer.start(dam, "127.0.0.1", 0)) {
            RestoreReport r = dam.backups().finishRestore(p, dam.search());
            assertThat(r.assets()).isEqualTo(assets);
            assertThat(r.indexed()).isEqualTo(assets);
            long clip = live.idOf("trip/clip.mp4");
            for (String path : new String[] {"/api/v1/assets/" + clip + "/poster", "/api/v1/assets/" + clip + "/proxy",
                    "/api/v1/assets/" + live.idOf("trip/tone.mp3") + "/proxy"}) {
                HttpResponse<byte[]> got = live.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(got.statusCode()).as(path).isEqualTo(200);
                assertThat(got.body()).as(path).isEqualTo(live.getBytes(path).body());
            }
            HttpResponse<String> found = live.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/search?q=clip")).header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
            assertThat(LiveServer.parse(found.body()).path("items").findValuesAsText("id")).contains(String.valueOf(clip));
        }
    }

    @Test
    void backupsAreForAdminsAndNeverWrittenIntoTheLibrary() {
        live.dam().roots().addRoot(live.mediaDir(), Actor.commandLine());
        for (String to : new String[] {live.mediaDir().resolve("backups").toString(), live.dam().layout().home().resolve("b").toString(),
                "relative/folder", live.mediaDir().resolve("trip/../trip/x").toString()}) {
            HttpResponse<String> refused = live.post("/api/v1/backups", "{\"to\":" + quote(to) + "}");
            assertJsonError(to, refused, 400);
            assertThat(LiveServer.parse(refused.body()).path("error").path("code").asText()).as(to).isEqualTo("bad_path");
        }
        HttpResponse<String> editor = live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/v1/backups"))
                .header("Authorization", "Bearer " + live.key(Role.EDITOR)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":" + quote(OUTSIDE.resolve("x").toString()) + "}")));
        assertJsonError("editor", editor, 403);
        HttpResponse<String> viewer = live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/v1/backups"))
                .header("Authorization", "Bearer " + live.key(Role.VIEWER)).GET());
        assertJsonError("viewer", viewer, 403);
        assertThat(live.mediaDir().resolve("backups")).doesNotExist();
        assertThat(OUTSIDE.resolve("x")).doesNotExist();
    }
}
