package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestCard;

/** kill -9 in the middle of {@code dam import}, then run it again: finished files are not copied again. */
class KillDuringImportTest {

    @TempDir Path tmp;

    @Test
    void aKilledImportResumesWithoutCopyingFinishedFilesAgain() throws Exception {
        TestCard.Card card = TestCard.create(tmp.resolve("CARD"), 512L << 20);
        Path dest = tmp.resolve("library");
        Path home = tmp.resolve("home");
        Path db = home.resolve("catalog.db");

        Process child = new ProcessBuilder(CliRunner.childJava(Main.class,
                "import", card.root().toString(), "--to", dest.toString(), "--home", home.toString()))
                .redirectOutput(tmp.resolve("child.out").toFile()).redirectErrorStream(true).start();
        await("three files copied and recorded").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> child.isAlive() ? recorded(db).size() : TestCard.FILES, n -> n >= 3);
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        child.waitFor(10, TimeUnit.SECONDS);
        List<String> done = recorded(db);
        assertThat(done.size()).as("killed mid-way").isBetween(1, TestCard.FILES - 1);
        Map<String, Object> inodes = new HashMap<>();
        for (String d : done) inodes.put(d, Files.getAttribute(Path.of(d), "unix:ino"));

        CliRunner dam = new CliRunner(home);
        CliRunner.Result again = dam.run("import", card.root().toString(), "--to", dest.toString(), "--json");
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        JsonNode r = again.json();
        assertThat(r.get("failed").asInt()).isZero();
        assertThat(r.get("skipped").asInt()).as("files recorded before the kill are not copied again").isGreaterThanOrEqualTo(done.size());
        assertThat(r.get("copied").asInt() + r.get("skipped").asInt()).isEqualTo(TestCard.FILES);
        for (String d : done) assertThat(Files.getAttribute(Path.of(d), "unix:ino")).as(d).isEqualTo(inodes.get(d));
        // The killed run's record no longer claims to be running: the new run took it over.
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery("SELECT state, error, bytes_done FROM import_run ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("failed");
            assertThat(rs.getString(2)).isEqualTo("interrupted; resumed by import " + r.get("importId").asLong());
            long copiedBeforeTheKill = 0;
            for (String d : done) copiedBeforeTheKill += Files.size(Path.of(d));
            assertThat(rs.getLong(3)).as("what the killed run copied, from its ledger rows").isGreaterThanOrEqualTo(copiedBeforeTheKill);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("done");
        }
        for (String f : card.files()) {
            assertThat(Files.mismatch(card.root().resolve(f), dest.resolve(f))).as(f).isEqualTo(-1);
        }
        try (var s = Files.walk(dest)) {
            assertThat(s.filter(p -> p.getFileName().toString().contains(".tmp-"))).as("no leftovers of the killed copy").isEmpty();
        }
        assertThat(Files.list(dest.resolve("ascmhl")).filter(p -> p.toString().endsWith(".mhl")).count()).isEqualTo(1);

        // The hash list covers every file: dam verify finds them all good, then exactly the one tampered with.
        assertThat(dam.run("verify", dest.toString(), "--json").code()).isZero();
        String victim = card.files().get(20);
        try (var f = new java.io.RandomAccessFile(dest.resolve(victim).toFile(), "rw")) {
            f.seek(7);
            int b = f.read();
            f.seek(7);
            f.write(b ^ 0x20);
        }
        CliRunner.Result verify = dam.run("verify", dest.toString(), "--json");
        assertThat(verify.code()).as(verify.out()).isEqualTo(4);
        JsonNode report = verify.json().get("report");
        assertThat(report.get("changed")).hasSize(1);
        assertThat(report.get("changed").get(0).get("path").asText()).isEqualTo(victim);
        assertThat(report.get("missing")).isEmpty();
        assertThat(report.get("added")).isEmpty();
    }

    /** The destinations the ledger has, read the way another process would while the import writes (WAL allows it). */
    private static List<String> recorded(Path db) {
        List<String> out = new ArrayList<>();
        if (!Files.exists(db)) return out;
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            try (var rs = s.executeQuery("SELECT destination FROM copy_ledger WHERE xxh64 IS NOT NULL")) {
                while (rs.next()) out.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            return out; // schema not created yet
        }
        return out;
    }
}
