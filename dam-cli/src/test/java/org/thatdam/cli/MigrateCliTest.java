package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.catalog.testing.TestPostgres;
import org.thatdam.core.serve.ServerLock;
import org.thatdam.storage.DataLayout;

/**
 * A scanned library moves to a real PostgreSQL with {@code dam migrate}, and back to a SQLite file: the
 * checksums agree both ways, and the library on PostgreSQL lists, searches and shows the same assets.
 */
class MigrateCliTest {

    @TempDir Path tmp;

    @Test
    void aScannedLibraryMovesToPostgresAndBack() throws Exception {
        Path media = tmp.resolve("media");
        CliRunner.distinctClips(media, 3, 1);
        Path home = tmp.resolve("home");
        CliRunner dam = new CliRunner(home);
        assertThat(dam.run("scan", media.toString()).code()).isZero();
        JsonNode listed = dam.run("list", "--sort", "name", "--json").json();
        assertThat(listed.get("items")).hasSize(3);
        long id = listed.get("items").get(0).get("id").asLong();
        JsonNode shown = dam.run("show", Long.toString(id), "--json").json();

        String pg = TestPostgres.freshDatabase().display();
        String sqlite = "sqlite:" + home.resolve("catalog.db");
        try (var server = ServerLock.acquire(new DataLayout(home))) {
            CliRunner.Result served = dam.run("migrate", "--from", sqlite, "--to", pg);
            assertThat(served.code()).isEqualTo(4);
            assertThat(served.err()).startsWith("dam: another server is already running on this library");
        }
        CliRunner.Result there = dam.run("migrate", "--from", sqlite, "--to", pg, "--json");
        assertThat(there.code()).as(there.err()).isZero();
        JsonNode out = there.json();
        assertThat(out.get("ok").asBoolean()).isTrue();
        assertThat(out.get("rows").asLong()).isPositive();
        assertThat(tableNames(out)).contains("asset", "asset_version", "location", "change_log", "job").doesNotContain("flyway_schema_history");

        CliRunner.Result again = dam.run("migrate", "--from", sqlite, "--to", pg);
        assertThat(again.code()).isEqualTo(4);
        assertThat(again.err()).isEqualTo("dam: the target already holds 3 asset(s): copy only into an empty catalog" + System.lineSeparator());

        Path back = tmp.resolve("back/catalog.db");
        CliRunner.Result home2 = dam.run("migrate", "--from", pg, "--to", "sqlite:" + back);
        assertThat(home2.code()).as(home2.err()).isZero();
        assertThat(home2.out()).contains("asset ").contains("migrated " + pg + " to sqlite:" + back).doesNotContain("DIFFERS");
        JsonNode roundTrip = dam.run("migrate", "--from", "sqlite:" + back, "--to", TestPostgres.freshDatabase().display(), "--json").json();
        assertThat(checksums(roundTrip, "sourceChecksum")).isEqualTo(checksums(out, "sourceChecksum"));

        // the same library, now on PostgreSQL
        Files.writeString(home.resolve("dam.toml"), "[catalog]\nurl = \"" + pg + "\"\n");
        JsonNode listedThere = dam.run("list", "--sort", "name", "--json").json();
        assertThat(listedThere.get("items").toString()).isEqualTo(listed.get("items").toString());
        assertThat(dam.run("show", Long.toString(id), "--json").json()).isEqualTo(shown);
        JsonNode found = dam.run("search", "clip1", "--json").json();
        assertThat(found.get("total").asInt()).isEqualTo(1);
        assertThat(found.get("items").get(0).get("path").asText()).endsWith("clip1.mp4");
        // a backup of it holds a SQLite snapshot of the PostgreSQL catalog
        CliRunner.Result backup = dam.run("backup", "--to", tmp.resolve("backups").toString(), "--no-derivatives", "--json");
        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(backup.json().get("assets").asLong()).isEqualTo(3);
    }

    private static List<String> tableNames(JsonNode report) {
        List<String> names = new ArrayList<>();
        report.get("tables").forEach(t -> names.add(t.get("table").asText()));
        return names;
    }

    private static List<String> checksums(JsonNode report, String field) {
        List<String> sums = new ArrayList<>();
        report.get("tables").forEach(t -> sums.add(t.get("table").asText() + "=" + t.get(field).asText()));
        return sums;
    }
}
