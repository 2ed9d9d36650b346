package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a scan whose commit group is open (files written into its transaction, not committed):
 * the next scan catalogues every file exactly once. The scanner's test hook {@code dam.scan.holdGroupAt}
 * stops it right after the N-th file was written into its group.
 */
class KillMidGroupScanTest {

    static final int FILES = 30;
    static final int HOLD_AT = 12;

    @TempDir Path tmp;

    @Test
    void killedInTheMiddleOfACommitGroupTheNextScanCataloguesEveryFileOnce() throws Exception {
        Path media = tmp.resolve("media");
        CliRunner.distinctClips(media, FILES, 3);
        // Two names for one content: the copy is a second location of the same asset, never a second asset.
        Files.copy(media.resolve("d0/clip0.mp4"), media.resolve("d1/copy-of-clip0.mp4"));
        CliRunner.age(media);
        Path home = tmp.resolve("home");
        Path db = home.resolve("catalog.db");
        Path out = tmp.resolve("child.out");

        List<String> command = CliRunner.childJava(Main.class,
                "scan", media.toString(), "--workers", "2", "--home", home.toString());
        command.add(1, "-D" + "dam.scan.holdGroupAt=" + HOLD_AT);
        Process child = new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        try {
            await("the scan holds its open group").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !child.isAlive() || Files.readString(out).contains("holding an open commit group"));
            assertThat(child.isAlive()).as("the scan is held, not ended: %s", Files.readString(out)).isTrue();
            // The held group has the 12th file and maybe more, all written, none committed.
            assertThat(countRows(db, "location")).isLessThan(HOLD_AT);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no commit
            child.waitFor(10, TimeUnit.SECONDS);
        }
        int assetsAfterKill = countRows(db, "asset");
        int locationsAfterKill = countRows(db, "location");

        CliRunner dam = new CliRunner(home);
        JsonNode r = dam.run("scan", media.toString(), "--json").json();
        assertThat(r.get("failed").asInt()).isZero();
        assertThat(r.get("unchanged").asInt()).as("what the killed scan committed").isEqualTo(locationsAfterKill);
        assertThat(r.get("added").asInt() + r.get("updated").asInt() + r.get("unchanged").asInt()).isEqualTo(FILES + 1);
        assertThat(r.get("added").asInt()).isEqualTo(FILES - assetsAfterKill);

        JsonNode all = dam.run("list", "--limit", "1000", "--json").json().get("items");
        assertThat(all).hasSize(FILES);
        Set<String> paths = new HashSet<>();
        for (JsonNode a : all) {
            assertThat(paths.add(a.get("path").asText())).isTrue();
            assertThat(a.get("status").asText()).isEqualTo("ok");
        }
        assertThat(countRows(db, "asset")).isEqualTo(FILES);
        assertThat(countRows(db, "location")).isEqualTo(FILES + 1);
        assertThat(dam.run("stats", "--json").json().get("locations").asInt()).isEqualTo(FILES + 1);
    }

    /** Reads the catalog the way another process would, while the scan writes (WAL allows it). */
    private static int countRows(Path db, String table) throws Exception {
        if (!Files.exists(db)) return 0;
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             var s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            try (var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (java.sql.SQLException e) {
            return 0; // schema not created yet
        }
    }
}
