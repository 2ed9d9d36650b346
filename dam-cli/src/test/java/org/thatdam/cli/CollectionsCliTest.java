package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** {@code dam collections}: create by path, add by id and path, order, move, smart ones, delete, and its errors. */
class CollectionsCliTest {

    @TempDir Path tmp;

    @Test
    void collectionsFromTheCommandLine() {
        Path media = tmp.resolve("media");
        Path clip = TestMedia.copy(TestMedia.h264Mp4(), media.resolve("shoot"), "clip.mp4");
        Path tone = TestMedia.copy(TestMedia.mp3(), media.resolve("shoot"), "tone.mp3");
        CliRunner.age(media);
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.run("scan", media.toString()).code()).isZero();

        assertThat(dam.run("collections", "create", "Film", "--description", "The shoot").out()).contains("created collection").contains("Film");
        assertThat(dam.run("collections", "create", "Day 1", "--parent", "Film").code()).isZero();
        JsonNode smart = dam.run("collections", "create", "Sounds", "--query", "kind:audio", "--json").json();
        assertThat(smart.path("smart").asBoolean()).isTrue();

        CliRunner.Result added = dam.run("collections", "add", "film/day 1", clip.toString(), tone.toString());
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("added 2 asset(s) to Film/Day 1");
        long clipId = dam.run("show", clip.toString(), "--json").json().path("id").asLong();
        long toneId = dam.run("show", tone.toString(), "--json").json().path("id").asLong();

        assertThat(dam.run("collections", "order", "Film/Day 1", tone.toString(), String.valueOf(clipId)).code()).isZero();
        JsonNode shown = dam.run("collections", "show", "Film/Day 1", "--json").json();
        assertThat(ids(shown.path("assets").path("items"))).containsExactly(toneId, clipId);
        assertThat(shown.path("collection").path("collection").path("path").asText()).isEqualTo("Film/Day 1");
        assertThat(ids(dam.run("collections", "show", "Sounds", "--json").json().path("assets").path("items"))).containsExactly(toneId);

        CliRunner.Result cycle = dam.run("collections", "move", "Film", "--to", "Film/Day 1");
        assertThat(cycle.code()).isEqualTo(2);
        assertThat(cycle.err()).startsWith("dam: ").contains("its own sub-collections");
        assertThat(dam.run("collections", "move", "Film/Day 1", "--root").out()).contains("moved Film/Day 1 to Day 1");

        String listed = dam.run("collections", "list").out();
        assertThat(listed).contains("Film").contains("Day 1").contains("smart").contains("kind:audio");
        assertThat(dam.run("collections", "remove", "Day 1", String.valueOf(toneId)).out()).contains("removed 1 asset(s)");

        // the dump: each asset row with the paths of its collections, and the collections themselves
        for (JsonNode row : dam.run("dump").json()) {
            List<String> in = new ArrayList<>();
            row.path("collections").forEach(c -> in.add(c.asText()));
            assertThat(in).as("collections of %s", row.path("path").asText()).isEqualTo(row.path("id").asLong() == clipId ? List.of("Day 1") : List.of());
        }
        List<String> paths = new ArrayList<>();
        dam.run("dump", "--what", "collections").json().forEach(c -> paths.add(c.path("path").asText()));
        assertThat(paths).containsExactlyInAnyOrder("Film", "Day 1", "Sounds");
        assertThat(dam.run("dump", "--what", "collections", "--format", "csv").out()).startsWith("id,parentId,name,path,");

        CliRunner.Result missing = dam.run("collections", "show", "Nowhere/At all");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no collection at 'Nowhere/At all'");
        CliRunner.Result taken = dam.run("collections", "create", "film");
        assertThat(taken.code()).isEqualTo(4);
        assertThat(dam.run("collections", "add", "Sounds", String.valueOf(clipId)).err()).contains("smart");

        assertThat(dam.run("collections", "delete", "Day 1").out()).contains("its assets are untouched");
        assertThat(dam.run("show", clip.toString()).code()).isZero();
    }

    /** While {@code dam serve} holds the search index: nothing here needs it but a smart collection's assets, asked of the server. */
    @Test
    void collectionsWhileAServerRuns() throws Exception {
        Path media = tmp.resolve("media");
        Path clip = TestMedia.copy(TestMedia.h264Mp4(), media.resolve("shoot"), "clip.mp4");
        Path tone = TestMedia.copy(TestMedia.mp3(), media.resolve("shoot"), "tone.mp3");
        CliRunner.age(media);
        Path home = tmp.resolve("home");
        CliRunner dam = new CliRunner(home);
        assertThat(dam.run("scan", media.toString()).code()).isZero();
        long clipId = dam.run("show", clip.toString(), "--json").json().path("id").asLong();
        long toneId = dam.run("show", tone.toString(), "--json").json().path("id").asLong();

        Process server = ServeCliTest.dam(tmp.resolve("serve.out"), "serve", "--port", "0", "--no-scan", "--home", home.toString());
        try {
            ServeCliTest.until("server.json written", () -> Files.exists(home.resolve("server.json")));
            CliRunner.Result created = dam.run("collections", "create", "Sounds", "--query", "kind:audio");
            assertThat(created.code()).as(created.err()).isZero();
            assertThat(created.err()).isEmpty();
            assertThat(created.out()).contains("created collection").contains("Sounds");
            assertThat(dam.run("collections", "create", "Film").code()).isZero();

            CliRunner.Result listed = dam.run("collections", "list");
            assertThat(listed.code()).as(listed.err()).isZero();
            assertThat(listed.out()).contains("Sounds").contains("Film");
            JsonNode shown = dam.run("collections", "show", "Sounds", "--json").json();
            assertThat(ids(shown.path("assets").path("items"))).as("the server's search").containsExactly(toneId);
            CliRunner.Result text = dam.run("collections", "show", "Sounds");
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out()).contains("1 asset(s)").contains("tone.mp3");

            List<String> paths = new ArrayList<>();
            dam.run("dump", "--what", "collections").json().forEach(c -> paths.add(c.path("path").asText()));
            assertThat(paths).containsExactlyInAnyOrder("Sounds", "Film");

            CliRunner.Result bulk = dam.run("bulk", "--ids", String.valueOf(clipId), "--collection", "Film");
            assertThat(bulk.code()).as(bulk.err()).isZero();
            assertThat(ids(dam.run("collections", "show", "Film", "--json").json().path("assets").path("items"))).containsExactly(clipId);
            JsonNode audited = dam.run("audit", "--json").json();
            List<JsonNode> bulkEntries = new ArrayList<>();
            audited.forEach(e -> { if (e.path("action").asText().equals("asset.bulk")) bulkEntries.add(e); });
            assertThat(bulkEntries).as("the command line through its server").singleElement().satisfies(e -> {
                assertThat(e.path("user").isNull() || e.path("user").isMissingNode()).isTrue();
                assertThat(e.path("address").isNull() || e.path("address").isMissingNode()).as(e.toString()).isTrue();
            });
            assertThat(dam.run("audit").out()).doesNotContain("(anonymous)");
        } finally {
            server.destroy();
            assertThat(server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> out = new ArrayList<>();
        items.forEach(i -> out.add(i.path("id").asLong()));
        return out;
    }
}
