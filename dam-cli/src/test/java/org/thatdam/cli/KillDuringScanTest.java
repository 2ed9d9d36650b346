package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of a scan, then scan again: nothing lost, nothing twice. */
class KillDuringScanTest {

    /**
     * More than two of the scanner's commit groups (200 files each at most): once the first group is
     * committed, a whole group is still to come, however fast the files are probed.
     */
    static final int FILES = 2 * 200 + 40;

    @TempDir Path tmp;

    @Test
    void killedScanResumesWithoutDuplicates() throws Exception {
        Path media = tmp.resolve("media");
        CliRunner.distinctClips(media, FILES, 4);
        Path home = tmp.resolve("home");
        Path db = home.resolve("catalog.db");

        Process child = new ProcessBuilder(CliRunner.childJava(Main.class,
                "scan", media.toString(), "--workers", "1", "--home", home.toString()))
                .redirectOutput(tmp.resolve("child.out").toFile()).redirectErrorStream(true).start();
        int seen = await("three files catalogued").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> child.isAlive() ? countAssets(db) : FILES, n -> n >= 3);
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        child.waitFor(10, TimeUnit.SECONDS);
        int afterKill = countAssets(db);
        assertThat(afterKill).as("the scan was killed mid-way (saw %d)", seen).isBetween(1, FILES - 1);

        CliRunner dam = new CliRunner(home);
        JsonNode r = dam.run("scan", media.toString(), "--json").json();
        assertThat(r.get("added").asInt() + r.get("unchanged").asInt()).isEqualTo(FILES);
        assertThat(r.get("unchanged").asInt()).isEqualTo(afterKill);
        assertThat(r.get("failed").asInt()).isZero();

        JsonNode all = dam.run("list", "--limit", "1000", "--json").json().get("items");
        assertThat(all).hasSize(FILES);
        Set<String> paths = new HashSet<>();
        for (JsonNode a : all) {
            assertThat(paths.add(a.get("path").asText())).isTrue();
            assertThat(a.get("status").asText()).isEqualTo("ok");
        }
        assertThat(dam.run("stats", "--json").json().get("locations").asInt()).isEqualTo(FILES);
    }

    /** Reads the catalog the way another process would, while the scan writes (WAL allows it). */
    private static int countAssets(Path db) throws Exception {
        if (!Files.exists(db)) return 0;
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             var s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            try (var rs = s.executeQuery("SELECT count(*) FROM asset")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (java.sql.SQLException e) {
            return 0; // schema not created yet
        }
    }
}
