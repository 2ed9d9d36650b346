package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

class CliTest {

    @TempDir Path tmp;
    Path media;
    CliRunner dam;

    @BeforeEach
    void library() throws Exception {
        media = tmp.resolve("footage");
        TestMedia.copy(TestMedia.h264Mp4(), media.resolve("Screen Records"), "intro.mp4");
        TestMedia.copy(TestMedia.mp3(), media.resolve("Audio"), "tone.mp3");
        TestMedia.copy(TestMedia.png(), media.resolve("Stills"), "frame.png");
        TestMedia.copy(TestMedia.randomBytesMp4(), media.resolve("Broken"), "noise.mp4");
        TestMedia.copy(TestMedia.zeroBytes(), media.resolve("Broken"), "empty.mp4");
        Files.writeString(media.resolve("readme.txt"), "not media");
        CliRunner.age(media);
        dam = new CliRunner(tmp.resolve("home"));
    }

    @Test
    void helpListsEveryCommand() {
        CliRunner.Result r = CliRunner.runRaw("--help");
        assertThat(r.code()).isZero();
        for (String c : List.of("scan", "probe", "show", "list", "recent", "stats", "timeline", "dump", "batches", "roots", "prune",
                "serve", "config")) {
            assertThat(r.out()).contains("  " + c + " ");
            CliRunner.Result sub = CliRunner.runRaw(c, "--help");
            assertThat(sub.code()).as(c + " --help").isZero();
            assertThat(sub.out()).as(c + " --help").contains("Usage: dam " + c);
        }
    }

    @Test
    void scanSummaryJsonContractAndUnchangedRescan() {
        CliRunner.Result r = dam.run("scan", media.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        for (String f : List.of("scanned", "added", "updated", "unchanged", "deferred", "failed", "durationMs")) {
            assertThat(j.has(f)).as(f).isTrue();
        }
        assertThat(j.get("added").asInt()).isEqualTo(3);
        assertThat(j.get("failed").asInt()).isEqualTo(2);
        assertThat(j.get("skipped").asInt()).isEqualTo(1);
        assertThat(j.get("scanned").asInt()).isEqualTo(5);

        JsonNode again = dam.run("scan", media.toString(), "--json").json();
        assertThat(again.get("unchanged").asInt()).isEqualTo(5);
        assertThat(again.get("added").asInt()).isZero();
        assertThat(again.get("failed").asInt()).isZero();

        CliRunner.Result human = dam.run("scan", media.toString());
        assertThat(human.out()).contains("scanned").contains("unchanged");
    }

    @Test
    void showJsonHasTheDocumentedFields() throws Exception {
        dam.run("scan", media.toString());
        Path clip = media.resolve("Screen Records/intro.mp4");
        JsonNode v = dam.run("show", clip.toString(), "--json").json();
        for (String f : List.of("id", "path", "kind", "status", "sizeBytes", "durationSec", "width", "height", "fps",
                "videoCodec", "audioCodec", "container", "batch", "locations", "versions", "streams")) {
            assertThat(v.has(f)).as(f).isTrue();
        }
        assertThat(v.get("kind").asText()).isEqualTo("video");
        assertThat(v.get("status").asText()).isEqualTo("ok");
        assertThat(v.get("videoCodec").asText()).isEqualTo("h264");
        assertThat(v.get("audioCodec").asText()).isEqualTo("aac");
        assertThat(v.get("width").asInt()).isEqualTo(320);
        assertThat(v.get("height").asInt()).isEqualTo(240);
        assertThat(v.get("batch").asText()).isEqualTo("Screen Records");
        assertThat(v.get("path").asText()).isEqualTo(clip.toRealPath().toString());
        assertThat(v.get("sizeBytes").asLong()).isEqualTo(clip.toFile().length());
        assertThat(v.get("durationSec").asDouble()).isBetween(1.9, 2.2);

        JsonNode byId = dam.run("show", v.get("id").asText(), "--json").json();
        assertThat(byId.get("path").asText()).isEqualTo(v.get("path").asText());

        CliRunner.Result human = dam.run("show", v.get("id").asText());
        assertThat(human.out()).contains("h264").contains("intro.mp4").contains("v1");
        // The same lowercase ids as the JSON, the listing and the API.
        assertThat(human.out()).containsPattern("(?m)^kind +video$").containsPattern("(?m)^status +ok$")
                .containsPattern("(?m)^captureSource +[a-z]+$").doesNotContain("VIDEO").doesNotContain("OK\n");
        // sizes, durations and bit rates as the listing and the dashboard write them
        assertThat(human.out()).containsPattern("(?m)^sizeBytes +[\\d.]+ (B|kB|MB)$").containsPattern("(?m)^durationSec +0:0[12]\\.\\d$")
                .containsPattern("(?m)^bitRate +[\\d.]+ (kb|Mb)/s$");

        JsonNode broken = dam.run("show", media.resolve("Broken/empty.mp4").toString(), "--json").json();
        assertThat(broken.get("status").asText()).isEqualTo("failed");
        assertThat(broken.get("error").asText()).isEqualTo("empty file (0 bytes)");
    }

    @Test
    void listRecentStatsAndFilters() {
        dam.run("scan", media.toString());
        JsonNode all = dam.run("list", "--json").json().get("items");
        assertThat(all).hasSize(5);
        assertThat(dam.run("list", "--kind", "video", "--json").json().get("items")).hasSize(3); // the good clip and two broken .mp4
        assertThat(dam.run("list", "--status", "failed", "--json").json().get("items")).hasSize(2);
        assertThat(dam.run("list", "--batch", "Audio", "--json").json().get("items")).hasSize(1);
        JsonNode bySize = dam.run("list", "--sort", "size", "--limit", "2", "--json").json().get("items");
        assertThat(bySize).hasSize(2);
        assertThat(bySize.get(0).get("sizeBytes").asLong()).isGreaterThanOrEqualTo(bySize.get(1).get("sizeBytes").asLong());
        assertThat(dam.run("recent", "-n", "2", "--json").json().get("items")).hasSize(2);
        assertThat(dam.run("list").out()).contains("intro.mp4").contains("tone.mp3");

        JsonNode stats = dam.run("stats", "--json").json();
        assertThat(stats.get("assets").asInt()).isEqualTo(5);
        assertThat(stats.get("byKind").toString()).contains("\"video\"").contains("\"audio\"").contains("\"image\"");
        assertThat(stats.get("byBatch").toString()).contains("Screen Records");
        assertThat(dam.run("stats").out()).contains("assets").contains("h264");

        JsonNode timeline = dam.run("timeline", "--by", "year", "--json").json();
        assertThat(timeline.get("by").asText()).isEqualTo("year");
        long counted = 0;
        for (JsonNode b : timeline.get("buckets")) counted += b.get("count").asLong();
        assertThat(counted).isEqualTo(5);
        String firstYear = timeline.get("buckets").get(0).get("period").asText();
        assertThat(dam.run("timeline", "--by", "day", "--from", firstYear, "--to", firstYear).out())
                .contains("day").contains(firstYear + "-");
        // Wrong values are usage errors (exit 2) that name the option.
        CliRunner.Result bad = dam.run("timeline", "--by", "week");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--by").contains("unknown period 'week' (expected year, month or day)").doesNotContain("Exception");
        for (String date : List.of("2024-13", "2023-02-30", "last year")) {
            CliRunner.Result badDate = dam.run("timeline", "--from", date);
            assertThat(badDate.code()).as(date).isEqualTo(2);
            assertThat(badDate.err()).as(date).contains("--from").contains("'" + date + "' is not a date").doesNotContain("Exception");
        }
        CliRunner.Result reversed = dam.run("timeline", "--from", "2024-03", "--to", "2024-02-10");
        assertThat(reversed.code()).isEqualTo(2);
        assertThat(reversed.err()).contains("--from 2024-03 is after --to 2024-02-10");
        assertThat(dam.run("timeline", "--from", "2024-02", "--to", "2024-02-10").code()).isZero();
    }

    @Test
    void dumpJsonAndCsv() throws Exception {
        dam.run("scan", media.toString());
        JsonNode arr = dam.run("dump", "--format", "json").json();
        assertThat(arr.isArray()).isTrue();
        assertThat(arr).hasSize(5);
        String csv = dam.run("dump", "--format", "csv").out();
        List<String> lines = csv.strip().lines().toList();
        assertThat(lines.get(0)).startsWith("id,path,title,kind,status");
        assertThat(lines).hasSize(6);
        Path file = tmp.resolve("out/catalog.csv");
        Files.createDirectories(file.getParent());
        assertThat(dam.run("dump", "--format", "csv", "-o", file.toString()).code()).isZero();
        assertThat(Files.readString(file).strip().lines().count()).isEqualTo(6);
        try (var s = Files.list(file.getParent())) {
            assertThat(s.toList()).containsExactly(file); // no temp file left behind
        }
    }

    @Test
    void editMarksAnAssetAndTheDumpCarriesIt() {
        dam.run("scan", media.toString());
        long id = dam.run("dump").json().get(0).get("id").asLong();
        CliRunner.Result r = dam.run("edit", Long.toString(id), "--rating", "4", "--favourite", "--label", "green",
                "--tag", "Places/Europe/Lisbon", "--tag", "dusk", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("rating").asInt()).isEqualTo(4);
        assertThat(r.json().get("favourite").asBoolean()).isTrue();
        assertThat(r.json().get("label").asText()).isEqualTo("green");
        CliRunner.Result text = dam.run("edit", Long.toString(id), "--untag", "DUSK", "--no-favourite", "--label", "none");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("rating ★★★★  favourite no  label -").contains("tags Places/Europe/Lisbon");

        CliRunner.Result bad = dam.run("edit", Long.toString(id), "--rating", "9");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("rating must be 0–5 stars");
        assertThat(dam.run("edit", Long.toString(id)).err()).contains("nothing to change");

        JsonNode row = null;
        for (JsonNode n : dam.run("dump").json()) if (n.get("id").asLong() == id) row = n;
        assertThat(row.get("rating").asInt()).isEqualTo(4);
        assertThat(row.get("tags")).extracting(JsonNode::asText).containsExactly("Places/Europe/Lisbon");
        String csv = dam.run("dump", "--format", "csv").out();
        assertThat(csv.lines().findFirst().orElseThrow()).contains(",rating,favourite,label,tags,description");
        assertThat(csv).contains(",4,false,,Places/Europe/Lisbon,");

        // text a spreadsheet would run as a formula is written with a leading ', numbers stay numbers
        assertThat(dam.run("edit", Long.toString(id), "--tags", "=1+1", "--description", "=cmd|' /C calc'!A0").code()).isZero();
        assertThat(dam.run("collections", "create", "=2+3").code()).isZero();
        assertThat(dam.run("collections", "add", "=2+3", Long.toString(id)).code()).isZero();
        String escaped = dam.run("dump", "--format", "csv").out();
        assertThat(escaped).contains(",4,false,,\"'=1+1\",").contains("'=cmd|' /C calc'!A0").contains("'=2+3")
                .doesNotContain(",=").doesNotContain("\"=");
        assertThat(dam.run("dump", "--what", "collections", "--format", "csv").out()).contains("'=2+3").doesNotContain(",=2+3");
    }

    @Test
    void dumpRefusesToReplaceAnythingButAFileAndNeverMakesFolders() throws Exception {
        dam.run("scan", media.toString());
        Path out = Files.createDirectory(tmp.resolve("out"));
        CliRunner.Result dir = dam.run("dump", "-o", out.toString());
        assertThat(dir.code()).as("invalid").isEqualTo(2);
        assertThat(dir.err()).contains("cannot write " + out + ": is a directory").doesNotContain(".tmp-");

        Path fifo = out.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path victim = Files.writeString(out.resolve("notes.txt"), "mine");
        Path link = Files.createSymbolicLink(out.resolve("link.json"), victim);
        for (Path p : List.of(fifo, link)) {
            CliRunner.Result r = dam.run("dump", "-o", p.toString());
            assertThat(r.code()).as(p + " invalid").isEqualTo(2);
            assertThat(r.err()).contains("cannot write " + p + ": ").contains("refusing to replace it");
        }
        assertThat(Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(victim)).isEqualTo("mine");

        CliRunner.Result deep = dam.run("dump", "-o", tmp.resolve("no/such/x.json").toString());
        assertThat(deep.code()).as("not found").isEqualTo(3);
        assertThat(deep.err()).contains("no such folder");
        assertThat(tmp.resolve("no")).doesNotExist();
    }

    @Test
    void batchesCommands() {
        dam.run("scan", media.toString());
        assertThat(dam.run("batches", "list").out()).contains("Screen Records").contains("Audio");
        CliRunner.Result outside = dam.run("batches", "create", media.resolve("Stills").toString(), "--name", "Keepers");
        assertThat(outside.code()).as("forbidden, as the API answers 403").isEqualTo(5);
        assertThat(outside.err()).contains("not inside a library root");
        assertThat(dam.run("roots", "add", media.toString(), "--no-scan").code()).isZero();
        CliRunner.Result missing = dam.run("batches", "create", media.resolve("Nope").toString(), "--name", "Keepers");
        assertThat(missing.code()).as("not found, as the API answers 404").isEqualTo(3);
        assertThat(missing.err()).contains("no such folder");
        CliRunner.Result created = dam.run("batches", "create", media.resolve("Stills").toString(), "--name", "Keepers", "--json");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.json().get("name").asText()).isEqualTo("Keepers");
        assertThat(created.json().get("assetCount").asInt()).isEqualTo(1);
        JsonNode shown = dam.run("batches", "show", "Keepers", "--json").json();
        assertThat(shown.get("assets")).hasSize(1);
        assertThat(dam.run("batches", "rename", "Keepers", "Best").code()).isZero();
        assertThat(dam.run("batches", "show", "Best", "--json").json().get("batch").get("assetCount").asInt()).isEqualTo(1);
        assertThat(dam.run("batches", "delete", "Best").code()).isZero();
        CliRunner.Result gone = dam.run("batches", "show", "Best");
        assertThat(gone.code()).as("not found").isEqualTo(3);
        assertThat(gone.err()).contains("no batch named 'Best'");
        assertThat(Files.exists(media.resolve("Stills/frame.png"))).isTrue();
        assertThat(dam.run("list", "--json").json().get("items")).hasSize(5);
    }

    @Test
    void rootsAndScanWithoutArguments() {
        CliRunner.Result none = dam.run("scan");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("nothing to scan");
        assertThat(dam.run("roots", "add", media.resolve("Audio").toString(), "--no-scan").code()).isZero();
        assertThat(dam.run("list", "--json").json().get("items")).as("--no-scan").isEmpty();
        assertThat(dam.run("roots", "add", media.resolve("Audio").toString()).out()).contains("already a root");
        assertThat(dam.run("roots", "list", "--json").json()).hasSize(1);
        JsonNode r = dam.run("scan", "--json").json();
        assertThat(r.get("added").asInt()).isEqualTo(1);
        CliRunner.Result bad = dam.run("roots", "add", tmp.resolve("nope").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("no such folder");
        assertThat(dam.run("roots", "remove", media.resolve("Audio").toString()).out()).contains("removed root " + media.resolve("Audio"));
        CliRunner.Result notRoot = dam.run("roots", "remove", media.resolve("Audio").toString());
        assertThat(notRoot.code()).as("not found").isEqualTo(3);
        assertThat(notRoot.err()).contains("not a library root");
        assertThat(dam.run("roots", "list", "--json").json()).isEmpty();
    }

    @Test
    void addingARootScansItAndRefusedRootsSayWhy() throws Exception {
        CliRunner.Result added = dam.run("roots", "add", media.resolve("Screen Records").toString());
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("added root " + media.resolve("Screen Records").toRealPath())
                .contains("scanned").contains("added");
        JsonNode listed = dam.run("list", "--json").json().get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("path").asText()).endsWith("intro.mp4");

        Path home = tmp.resolve("home").toRealPath();
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("/", "/ is the whole file system: choose the folder that holds your media");
        refused.put("/proc", "/proc is the system folder /proc, which holds no media");
        refused.put(home.toString(), home + " is the library's own data folder");
        refused.put(media.toRealPath().toString(), media.toRealPath() + " contains the library root "
                + media.resolve("Screen Records").toRealPath() + ": remove that root first");
        refused.put(tmp.resolve("nope").toString(), "no such folder: " + tmp.resolve("nope"));
        for (var e : refused.entrySet()) {
            CliRunner.Result r = dam.run("roots", "add", e.getKey());
            assertThat(r.code()).as(e.getKey()).isEqualTo(2);
            assertThat(r.err().strip()).as("one line for %s", e.getKey()).doesNotContain("\n").endsWith(e.getValue());
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(dam.run("roots", "list", "--json").json()).hasSize(1);
    }

    @Test
    void pruneMarksThenPurgesWithoutTouchingFiles() throws Exception {
        dam.run("scan", media.toString());
        Path moved = tmp.resolve("elsewhere.mp3");
        Files.move(media.resolve("Audio/tone.mp3"), moved);
        JsonNode dry = dam.run("prune", "--dry-run", "--json").json();
        assertThat(dry.get("missingLocations").asInt()).isEqualTo(1);
        assertThat(dam.run("list", "--status", "missing", "--json").json().get("items")).isEmpty();
        JsonNode real = dam.run("prune", "--json").json();
        assertThat(real.get("missingAssets").asInt()).isEqualTo(1);
        assertThat(dam.run("list", "--status", "missing", "--json").json().get("items")).hasSize(1);
        JsonNode purge = dam.run("prune", "--purge", "--json").json();
        assertThat(purge.get("purgedAssets").asInt()).isEqualTo(1);
        assertThat(dam.run("list", "--json").json().get("items")).hasSize(4);
        assertThat(Files.exists(moved)).isTrue();
    }

    @Test
    void probeOneFile() {
        CliRunner.Result r = dam.run("probe", TestMedia.rotatedMov().toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("rotation").asInt()).isEqualTo(90);
        assertThat(j.get("streams")).hasSize(2);
        assertThat(dam.run("probe", TestMedia.h264Mp4().toString()).out()).contains("h264").contains("videoCodec");
        CliRunner.Result bad = dam.run("probe", TestMedia.randomBytesMp4().toString());
        assertThat(bad.code()).as("bad media").isEqualTo(7);
        assertThat(bad.err()).startsWith("dam: not readable as media");
    }

    @Test
    void errorsAreMessagesWithExitCodes() {
        CliRunner.Result unknown = dam.run("show", "999");
        assertThat(unknown.code()).as("not found").isEqualTo(3);
        assertThat(unknown.err()).isEqualTo("dam: no asset with id 999" + System.lineSeparator());
        CliRunner.Result kind = dam.run("list", "--kind", "spaceship");
        assertThat(kind.code()).as("invalid").isEqualTo(2);
        assertThat(kind.err()).contains("unknown kind 'spaceship'");
        assertThat(dam.run("scan", "--workers", "abc").code()).isEqualTo(2);
        assertThat(dam.run("frobnicate").code()).isEqualTo(2);
        CliRunner.Result nul = dam.run("show", "a\0b");
        assertThat(nul.code()).isEqualTo(2);
        assertThat(nul.err()).contains("NUL");
        CliRunner.Result missing = dam.run("probe", tmp.resolve("missing.mp4").toString());
        assertThat(missing.code()).as("not found").isEqualTo(3);
        assertThat(missing.err()).isEqualTo("dam: no such file: " + tmp.resolve("missing.mp4") + System.lineSeparator());
        CliRunner.Result folder = dam.run("probe", tmp.toString());
        assertThat(folder.code()).as("invalid").isEqualTo(2);
        assertThat(folder.err()).contains("not a regular file: " + tmp);
        CliRunner.Result param = dam.run("ffmpeg", TestMedia.h264Mp4().toString(), "--preset", "scale", "--param", "width");
        assertThat(param.code()).as("invalid").isEqualTo(2);
        assertThat(param.err().strip()).isEqualTo("dam: --param wants NAME=VALUE (for example --param width=640), got 'width'");
        CliRunner.Result help = CliRunner.runRaw("--help");
        // a paragraph is wrapped by picocli between words, never cut where a source line ended
        assertThat(help.out().replaceAll("\\s+", " ")).contains("Exit codes: 0 ok, 1 failed, 2 invalid input or usage, 3 not found, "
                + "4 conflict, 5 forbidden, 6 too large, 7 bad media, 8 unavailable, 9 disk full, 70 internal error.");
        assertThat(help.out()).doesNotContain("5 forbidden,\n");
        assertThat(dam.run("roots", "add", "--help").out().replaceAll("\\s+", " "))
                .contains("Refused: the whole file system; /proc, /sys, /dev, /run and /boot; the library's data folder; a folder inside");
        CliRunner.Result job = dam.run("jobs", "cancel", "12345");
        assertThat(job.code()).as("not found").isEqualTo(3);
        assertThat(job.err()).isEqualTo("dam: no job with id 12345" + System.lineSeparator());
    }

    @Test
    void configShowsValuesAndTheirSources() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("dam.toml"), "[server]\nport = 9090\n");
        JsonNode c = dam.run("config", "--json").json();
        assertThat(c.get("server.port").get("value").asText()).isEqualTo("9090");
        assertThat(c.get("server.port").get("source").asText()).isEqualTo(home.resolve("dam.toml").toString());
        assertThat(c.get("server.host").get("source").asText()).isEqualTo("default");
        assertThat(c.get("home").get("value").asText()).isEqualTo(home.toString());
        Files.writeString(home.resolve("dam.toml"), "[server]\nport = \"many\"\n");
        CliRunner.Result bad = dam.run("config");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("server.port").contains("not a whole number");
    }

    @Test
    void unicodeAndHostileNames() throws Exception {
        List<String> names = new ArrayList<>(List.of("Été 2024 ✓.mp4", "-rf --help.mp4", "a|b;c&d $(x).mp4",
                "<img src=x onerror=alert(1)>.mp4"));
        for (String n : names) {
            TestMedia.copy(TestMedia.shortClip(), media.resolve("Odd"), n);
        }
        CliRunner.age(media);
        dam.run("scan", media.toString());
        // Same content four times: one asset, four locations, each name intact.
        for (String n : names) {
            JsonNode v = dam.run("show", media.resolve("Odd").resolve(n).toString(), "--json").json();
            assertThat(v.get("status").asText()).as(n).isEqualTo("ok");
            assertThat(v.get("locations").findValuesAsText("path"))
                    .contains(media.resolve("Odd").resolve(n).toRealPath().toString()).hasSize(4);
        }
        assertThat(dam.run("show", media.resolve("Odd/<img src=x onerror=alert(1)>.mp4").toString()).out())
                .contains("/Odd/<img src=x onerror=alert(1)>.mp4").contains("/Odd/Été 2024 ✓.mp4");
    }
}
