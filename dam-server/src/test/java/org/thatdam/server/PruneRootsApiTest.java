package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;

/**
 * Prune over HTTP on a real server with a file really deleted, and library roots: refused ones and
 * the scan that adding one starts.
 */
class PruneRootsApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    // ------------------------------------------------------------ prune

    @Test
    void pruneReportsThenMarksThenForgetsADeletedFile() throws Exception {
        long id = live.idOf("audio/tone.wav");
        String path = live.path("audio/tone.wav");
        long total = total("/api/v1/assets?limit=1");

        JsonNode clean = prune("{}");
        assertThat(clean.path("dryRun").asBoolean()).as("a dry run by default: %s", clean).isTrue();
        assertThat(clean.path("missingLocations").asLong()).isZero();
        assertThat(clean.path("checked").asLong()).isGreaterThanOrEqualTo(LiveServer.LAYOUT.size());

        Files.delete(Path.of(path));
        JsonNode dry = prune("{\"dryRun\": true, \"purge\": true}");
        assertThat(dry.path("dryRun").asBoolean()).isTrue();
        assertThat(dry.path("purge").asBoolean()).isTrue();
        assertThat(dry.path("missingLocations").asLong()).isEqualTo(1);
        assertThat(dry.path("purgedAssets").asLong()).as("would forget: %s", dry).isEqualTo(1);
        assertThat(dry.path("purgedLocations").asLong()).isEqualTo(1);
        assertThat(strings(dry.path("missingPaths"))).containsExactly(path);
        assertThat(live.getJson("/api/v1/assets/" + id).path("status").asText()).as("a dry run changes nothing").isEqualTo("ok");
        assertThat(total("/api/v1/assets?status=missing")).isZero();

        JsonNode mark = prune("{\"dryRun\": false}");
        assertThat(mark.path("dryRun").asBoolean()).isFalse();
        assertThat(mark.path("purge").asBoolean()).isFalse();
        assertThat(mark.path("missingAssets").asLong()).isEqualTo(1);
        assertThat(mark.path("purgedAssets").asLong()).isZero();
        JsonNode marked = live.getJson("/api/v1/assets/" + id);
        assertThat(marked.path("status").asText()).isEqualTo("missing");
        assertThat(marked.path("locations").get(0).path("missing").asBoolean()).isTrue();
        assertThat(marked.path("locations").get(0).path("lastSeen").asText()).isNotBlank();
        JsonNode missing = live.getJson("/api/v1/assets?status=missing");
        assertThat(missing.path("total").asLong()).isEqualTo(1);
        assertThat(missing.path("items").get(0).path("id").asLong()).isEqualTo(id);

        JsonNode purge = prune("{\"dryRun\": false, \"purge\": true}");
        assertThat(purge.path("purgedAssets").asLong()).isEqualTo(1);
        assertThat(purge.path("purgedLocations").asLong()).isEqualTo(1);
        LiveServer.assertJsonError("the forgotten asset", live.get("/api/v1/assets/" + id), 404);
        assertThat(total("/api/v1/assets?limit=1")).isEqualTo(total - 1);
        assertThat(total("/api/v1/assets?status=missing")).isZero();
        assertThat(prune("").path("missingLocations").asLong()).as("an empty body is a dry run").isZero();
        assertThat(Files.exists(Path.of(live.path("trip/clip.mp4")))).as("other files are untouched").isTrue();
    }

    @Test
    void pruneRefusesBadBodies() {
        JsonNode unknown = LiveServer.assertJsonError("unknown field", live.post("/api/v1/prune", "{\"dryrun\": false}"), 400);
        assertThat(unknown.path("code").asText()).isEqualTo("bad_request");
        assertThat(unknown.path("message").asText()).isEqualTo("unknown field \"dryrun\"; allowed: dryRun, purge");
        LiveServer.assertJsonError("dryRun a string", live.post("/api/v1/prune", "{\"dryRun\": \"no\"}"), 400);
        LiveServer.assertJsonError("purge a number", live.post("/api/v1/prune", "{\"purge\": 1}"), 400);
        LiveServer.assertJsonError("bad JSON", live.post("/api/v1/prune", "{\"dryRun\": fal"), 400);
        LiveServer.assertJsonError("an array", live.post("/api/v1/prune", "[]"), 400);
        LiveServer.assertJsonError("trailing junk", live.post("/api/v1/prune", "{} {\"dryRun\": false}"), 400);
    }

    // ------------------------------------------------------------ roots

    @Test
    void refusedRootsAre422WithTheReason() throws Exception {
        Path footage = Files.createDirectories(live.tmp().resolve("footage")).toRealPath();
        Path nested = Files.createDirectories(footage.resolve("2024"));
        assertThat(live.post("/api/v1/roots", body(footage)).statusCode()).isEqualTo(201);
        Path home = live.dam().layout().home().toRealPath();

        record Case(String path, String reason) {}
        List<Case> cases = List.of(
                new Case("/", "/ is the whole file system"),
                new Case("/proc", "/proc is the system folder /proc"),
                new Case("/sys/kernel", "/sys/kernel is inside the system folder /sys"),
                new Case("/dev", "/dev is the system folder /dev"),
                new Case("/run", "/run is the system folder /run"),
                new Case(home.toString(), home + " is the library's own data folder"),
                new Case(home.resolve("derivatives").toString(), " is inside the library's own data folder " + home),
                new Case(nested.toString(), nested + " is inside the library root " + footage),
                new Case(live.tmp().toString(), " contains the library root " + footage),
                new Case(live.tmp().resolve("nope").toString(), "no such folder"),
                new Case(live.path("trip/clip.mp4"), "not a folder"));
        for (Case c : cases) {
            if (!Files.exists(Path.of(c.path())) && !c.reason().equals("no such folder")) continue; // e.g. no /run here
            JsonNode e = LiveServer.assertJsonError("root " + c.path(), live.post("/api/v1/roots", body(Path.of(c.path()))), 422);
            assertThat(e.path("code").asText()).isEqualTo("invalid");
            assertThat(e.path("message").asText()).as(c.path()).contains(c.reason());
        }
        LiveServer.assertJsonError("unknown field", live.post("/api/v1/roots", "{\"path\": \"/tmp\", \"scan\": false}"), 400);
        List<String> roots = new ArrayList<>();
        live.getJson("/api/v1/roots").forEach(r -> roots.add(r.path("path").asText()));
        assertThat(roots).containsExactly(footage.toString());
        assertThat(live.delete("/api/v1/roots/" + live.getJson("/api/v1/roots").get(0).path("id").asLong()).statusCode()).isEqualTo(204);
    }

    @Test
    void addingARootStartsAScanThatCataloguesItsFiles() throws Exception {
        Path card = Files.createDirectories(live.tmp().resolve("card")).toRealPath();
        TestMedia.copy(TestMedia.mkv(), card.resolve("DCIM"), "take one.mkv");
        HttpResponse<String> r = live.post("/api/v1/roots", body(card));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode root = LiveServer.parse(r.body());
        assertThat(root.path("path").asText()).isEqualTo(card.toString());
        String scanId = root.path("scanId").asText();
        assertThat(scanId).isNotBlank();

        JsonNode scan = live.awaitScan(scanId);
        assertThat(scan.path("state").asText()).isEqualTo("done");
        assertThat(strings(scan.path("roots"))).containsExactly(card.toString());
        assertThat(scan.path("report").path("added").asLong()).isEqualTo(1);
        String file = card.resolve("DCIM/take one.mkv").toString();
        boolean catalogued = false;
        for (JsonNode a : LiveServer.items(live.getJson("/api/v1/assets?limit=1000"))) catalogued |= a.path("path").asText().equals(file);
        assertThat(catalogued).as("%s is catalogued", file).isTrue();

        // Adding it again changes nothing and starts no scan.
        HttpResponse<String> again = live.post("/api/v1/roots", body(card));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(LiveServer.parse(again.body()).path("id").asLong()).isEqualTo(root.path("id").asLong());
        assertThat(LiveServer.parse(again.body()).path("scanId").isNull()).isTrue();
        assertThat(live.delete("/api/v1/roots/" + root.path("id").asLong()).statusCode()).isEqualTo(204);
    }

    @Test
    void anUnpluggedRootIsNotFoundAndLeftAloneByScansAndPrune() throws Exception {
        Path drive = Files.createDirectories(live.tmp().resolve("drive")).toRealPath();
        Path clip = TestMedia.copy(TestMedia.mkv(), drive, "take two.mkv");
        HttpResponse<String> added = live.post("/api/v1/roots", body(drive));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode root = LiveServer.parse(added.body());
        Path away = live.tmp().resolve("drive-unplugged");
        try {
            assertThat(live.awaitScan(root.path("scanId").asText()).path("state").asText()).isEqualTo("done");
            assertThat(catalogued(clip)).as("catalogued by the scan adding the root started").isTrue();
            Files.move(drive, away);
            JsonNode e = LiveServer.assertJsonError("scan of the absent root", live.post("/api/v1/scans", body(drive)), 404);
            assertThat(e.path("code").asText()).isEqualTo("not_found");
            assertThat(e.path("message").asText()).isEqualTo("no such folder: " + drive);

            HttpResponse<String> all = live.post("/api/v1/scans", "{}");
            assertThat(all.statusCode()).as(all.body()).isEqualTo(202);
            JsonNode report = live.awaitScan(LiveServer.parse(all.body()).path("id").asText()).path("report");
            assertThat(report.path("missing").asLong()).isZero();
            assertThat(report.toString()).contains("root folder " + drive + " is not there (an unplugged drive?): nothing marked missing");

            JsonNode dry = prune("{\"dryRun\": true, \"purge\": true}");
            assertThat(strings(dry.path("unavailableRoots"))).containsExactly(drive.toString());
            assertThat(strings(dry.path("missingPaths"))).doesNotContain(clip.toString());
            JsonNode done = prune("{\"dryRun\": false, \"purge\": true}");
            assertThat(strings(done.path("unavailableRoots"))).containsExactly(drive.toString());
            assertThat(strings(done.path("missingPaths"))).doesNotContain(clip.toString());
            assertThat(catalogued(clip)).as("the unplugged drive's file is still catalogued").isTrue();
        } finally {
            if (Files.exists(away)) Files.move(away, drive);
            assertThat(live.delete("/api/v1/roots/" + root.path("id").asLong()).statusCode()).isEqualTo(204);
        }
    }

    // ------------------------------------------------------------ helpers

    private static JsonNode prune(String body) {
        HttpResponse<String> r = live.post("/api/v1/prune", body);
        assertThat(r.statusCode()).as("POST /api/v1/prune %s → %s", body, r.body()).isEqualTo(200);
        return LiveServer.parse(r.body());
    }

    private static boolean catalogued(Path file) {
        return live.dam().catalog().read(s -> s.assets().locationByPath(file.toString()).isPresent());
    }

    private static long total(String url) {
        return live.getJson(url).path("total").asLong();
    }

    private static String body(Path p) {
        return "{\"path\": " + LiveServer.quote(p.toString()) + "}";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
