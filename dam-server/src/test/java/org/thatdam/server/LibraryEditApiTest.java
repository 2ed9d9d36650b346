package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;

/**
 * The writing side of the API against a real library: asset edits and removal, batches, library
 * roots and background scans, including hostile paths.
 *
 * <p>Tests share one library, so each works on its own assets and batches: PATCH on
 * {@code trip/clip.mp4} and {@code trip/tone.mp3}, DELETE on {@code short.mp4}, batch rename on
 * "audio", batch delete on "stills", a new batch from the folder {@code media/incoming}.
 */
class LibraryEditApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia().jobsDone();
    /** A folder next to the library root, with a media file: must never be reachable through the API. */
    static Path elsewhere;

    @BeforeAll
    static void start() throws Exception {
        elsewhere = Files.createDirectories(live.tmp().resolve("elsewhere"));
        TestMedia.copy(TestMedia.shortClip(), elsewhere, "secret.mp4");
    }

    @AfterEach
    void stillServing() throws Exception {
        assertThat(live.getJson("/health").path("status").asText()).isEqualTo("ok");
        // nothing outside the library root ever got catalogued
        for (JsonNode item : LiveServer.items(live.getJson("/api/v1/assets?limit=1000"))) {
            assertThat(item.path("path").asText()).doesNotStartWith(elsewhere.toRealPath().toString());
        }
    }

    // ------------------------------------------------------------ PATCH /api/v1/assets/{id}

    @Test
    void patchChangesTitleTagsDescriptionAndBatch() {
        long id = live.idOf("trip/clip.mp4");
        HttpResponse<String> r = live.patch("/api/v1/assets/" + id, """
                {"title": "  Holiday clip  ", "tags": ["beach", " sunset ", "beach"],
                 "description": "Line one\\nline two", "batch": "favourites"}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = LiveServer.parse(r.body());
        assertThat(body.path("id").asLong()).isEqualTo(id);
        assertThat(body.path("title").asText()).isEqualTo("Holiday clip");

        JsonNode d = live.getJson("/api/v1/assets/" + id);
        assertThat(d.path("title").asText()).isEqualTo("Holiday clip");
        assertThat(strings(d.path("tags"))).containsExactlyInAnyOrder("beach", "sunset");
        assertThat(d.path("description").asText()).isEqualTo("Line one\nline two");
        assertThat(d.path("batch").asText()).isEqualTo("favourites");
        assertThat(pathsOf(live.getJson("/api/v1/assets?batch=favourites"))).containsExactly(live.path("trip/clip.mp4"));
        assertThat(batchNames()).contains("favourites");

        // absent fields stay as they are
        assertThat(live.patch("/api/v1/assets/" + id, "{\"title\": \"Renamed\"}").statusCode()).isEqualTo(200);
        d = live.getJson("/api/v1/assets/" + id);
        assertThat(d.path("title").asText()).isEqualTo("Renamed");
        assertThat(strings(d.path("tags"))).containsExactlyInAnyOrder("beach", "sunset");
        assertThat(d.path("batch").asText()).isEqualTo("favourites");
        assertThat(d.path("description").asText()).isEqualTo("Line one\nline two");

        // "" clears batch and description; [] clears tags; null leaves a field alone
        HttpResponse<String> cleared = live.patch("/api/v1/assets/" + id,
                "{\"batch\": \"\", \"description\": \"\", \"tags\": [], \"title\": null}");
        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
        d = live.getJson("/api/v1/assets/" + id);
        assertThat(d.path("batch").isNull()).as("batch cleared: %s", d.path("batch")).isTrue();
        assertThat(d.path("description").isNull()).as("description cleared: %s", d.path("description")).isTrue();
        assertThat(d.path("tags").isArray()).isTrue();
        assertThat(d.path("tags").size()).isZero();
        assertThat(d.path("title").asText()).isEqualTo("Renamed");
        assertThat(pathsOf(live.getJson("/api/v1/assets?batch=favourites"))).isEmpty();

        // the edit is persisted in the catalog, not only in the response
        assertThat(live.dam().assets().details(id).orElseThrow().asset().title()).isEqualTo("Renamed");

        // rating, favourite and colour label: set, searchable, refused when out of range, removed
        HttpResponse<String> marked = live.patch("/api/v1/assets/" + id, "{\"rating\": 5, \"favourite\": true, \"label\": \"Purple\"}");
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        d = live.getJson("/api/v1/assets/" + id);
        assertThat(d.path("rating").asInt()).isEqualTo(5);
        assertThat(d.path("favourite").asBoolean()).isTrue();
        assertThat(d.path("label").asText()).isEqualTo("purple");
        JsonNode hits = live.getJson("/api/v1/search?q=" + java.net.URLEncoder.encode("rating:5 is:favourite label:purple",
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(LiveServer.items(hits)).extracting(h -> h.path("id").asLong()).containsExactly(id);
        assertThat(LiveServer.items(hits).get(0).path("label").asText()).isEqualTo("purple");
        JsonNode bad = LiveServer.assertJsonError("rating 7", live.patch("/api/v1/assets/" + id, "{\"rating\": 7}"), 422);
        assertThat(bad.path("message").asText()).contains("rating must be 0–5 stars");
        assertThat(live.patch("/api/v1/assets/" + id, "{\"label\": \"\", \"rating\": 0}").statusCode()).isEqualTo(200);
        d = live.getJson("/api/v1/assets/" + id);
        assertThat(d.path("label").isNull()).isTrue();
        assertThat(d.path("rating").asInt()).isZero();
    }

    @Test
    void invalidPatchesAreRejectedAndChangeNothing() {
        long id = live.idOf("trip/tone.mp3");
        String url = "/api/v1/assets/" + id;
        JsonNode before = live.getJson(url);

        Map<String, String> misfits = new java.util.LinkedHashMap<>();
        misfits.put("unknown field", "{\"name\": \"x\"}");
        misfits.put("unknown field next to valid ones", "{\"title\": \"ok\", \"stars\": 5}");
        misfits.put("rating not a number", "{\"rating\": \"five\"}");
        misfits.put("favourite not a boolean", "{\"favourite\": [true]}");
        misfits.put("tags not an array", "{\"tags\": \"a,b\"}");
        misfits.put("tags an object", "{\"tags\": {\"a\": 1}}");
        misfits.put("a tag not a string", "{\"tags\": [\"a\", 1]}");
        misfits.put("title not a string", "{\"title\": 5}");
        misfits.put("title an array", "{\"title\": [\"a\"]}");
        misfits.put("valid title with an invalid tag", "{\"title\": \"Changed\", \"tags\": 7}");
        for (Map.Entry<String, String> e : misfits.entrySet()) {
            JsonNode error = LiveServer.assertJsonError(e.getKey(), live.patch(url, e.getValue()), 400);
            assertThat(error.path("code").asText()).as(e.getKey()).isEqualTo("bad_request");
        }

        Map<String, String> unprocessable = new java.util.LinkedHashMap<>();
        unprocessable.put("empty title", "{\"title\": \"\"}");
        unprocessable.put("blank title", "{\"title\": \"   \"}");
        unprocessable.put("control character in the title", "{\"title\": \"a\\u0001b\"}");
        unprocessable.put("NUL in the title", "{\"title\": \"a\\u0000b\"}");
        unprocessable.put("DEL in the title", "{\"title\": \"a\\u007fb\"}");
        unprocessable.put("newline in the title", "{\"title\": \"a\\nb\"}");
        unprocessable.put("control character in a tag", "{\"tags\": [\"ok\", \"be\\u0007ll\"]}");
        unprocessable.put("empty tag", "{\"tags\": [\"\"]}");
        unprocessable.put("control character in the batch", "{\"batch\": \"x\\u0000y\"}");
        unprocessable.put("title too long", "{\"title\": \"" + "t".repeat(501) + "\"}");
        unprocessable.put("rating above 5", "{\"title\": \"Changed\", \"rating\": 6}");
        unprocessable.put("negative rating", "{\"rating\": -1}");
        unprocessable.put("unknown colour label", "{\"label\": \"mauve\"}");
        unprocessable.put("valid title with an invalid batch", "{\"title\": \"Changed\", \"batch\": \"" + "b".repeat(201) + "\"}");
        for (Map.Entry<String, String> e : unprocessable.entrySet()) {
            HttpResponse<String> r = live.patch(url, e.getValue());
            JsonNode error = LiveServer.assertJsonError(e.getKey(), r, 422);
            assertThat(error.path("code").asText()).as(e.getKey()).isEqualTo("invalid");
        }

        Map<String, String> badRequests = new java.util.LinkedHashMap<>();
        badRequests.put("truncated JSON", "{\"title\": ");
        badRequests.put("not JSON", "title=x");
        badRequests.put("single quotes", "{'title': 'x'}");
        badRequests.put("trailing garbage", "{\"title\": \"x\"} trailing");
        badRequests.put("two objects", "{\"title\": \"x\"}{\"title\": \"y\"}");
        badRequests.put("an extra brace", "{\"title\": \"x\"}}");
        for (Map.Entry<String, String> e : badRequests.entrySet()) {
            JsonNode error = LiveServer.assertJsonError(e.getKey(), live.patch(url, e.getValue()), 400);
            assertThat(error.path("code").asText()).as(e.getKey()).isEqualTo("bad_request");
        }
        for (String notAnObject : List.of("[]", "[{\"title\": \"x\"}]", "\"title\"", "42", "null", "true", "", "   ")) {
            JsonNode error = LiveServer.assertJsonError("body " + notAnObject, live.patch(url, notAnObject), 400);
            assertThat(error.path("code").asText()).isEqualTo("bad_request");
        }

        JsonNode after = live.getJson(url);
        for (String field : List.of("title", "tags", "description", "batch", "rating", "label", "updatedAt")) {
            assertThat(after.get(field)).as("%s after rejected patches", field).isEqualTo(before.get(field));
        }
    }

    @Test
    void descriptionsKeepLineBreaksAndNeverComeBackAltered() {
        long id = live.idOf("trip/tone.mp3");
        String url = "/api/v1/assets/" + id;
        String text = "First line\n\tindented, «quoted» ✓\r\nlast line";
        HttpResponse<String> ok = live.patch(url, "{\"description\": " + LiveServer.quote(text) + "}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(live.getJson(url).path("description").asText()).isEqualTo(text.strip());

        // other control characters: refused, or else stored exactly (never silently cut at a NUL)
        for (String odd : List.of("before\u0000after", "bell\u0007", "esc\u001b[31mred")) {
            HttpResponse<String> r = live.patch(url, "{\"description\": " + LiveServer.quote(odd) + "}");
            if (r.statusCode() == 200) {
                assertThat(live.getJson(url).path("description").asText()).as("description %s", odd).isEqualTo(odd);
            } else {
                LiveServer.assertJsonError("description " + odd, r, 422);
            }
        }
        assertThat(live.patch(url, "{\"description\": \"\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void patchOfAnUnknownOrMalformedIdIsAnError() {
        JsonNode e = LiveServer.assertJsonError("PATCH unknown", live.patch("/api/v1/assets/987654321", "{\"title\": \"x\"}"), 404);
        assertThat(e.path("code").asText()).isEqualTo("not_found");
        LiveServer.assertJsonError("PATCH abc", live.patch("/api/v1/assets/abc", "{\"title\": \"x\"}"), 400);
        assertThat(batchNames()).doesNotContain("x");
    }

    // ------------------------------------------------------------ DELETE /api/v1/assets/{id}

    @Test
    void deleteForgetsTheAssetAndItsDerivativesButNotTheFile() {
        long id = live.idOf("short.mp4");
        Path original = Path.of(live.path("short.mp4"));
        Path derivatives = live.derivativeDir(id);
        assertThat(derivatives).as("derivatives were made for asset %d", id).isDirectory();
        assertThat(live.getBytes("/api/v1/assets/" + id + "/poster").statusCode()).isEqualTo(200);
        long total = live.getJson("/api/v1/assets?limit=1").path("total").asLong();

        HttpResponse<String> r = live.delete("/api/v1/assets/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(r.body()).isEmpty();

        LiveServer.assertJsonError("GET after DELETE", live.get("/api/v1/assets/" + id), 404);
        LiveServer.assertJsonError("poster after DELETE", live.get("/api/v1/assets/" + id + "/poster"), 404);
        LiveServer.assertJsonError("DELETE again", live.delete("/api/v1/assets/" + id), 404);
        assertThat(live.getJson("/api/v1/assets?limit=1").path("total").asLong()).isEqualTo(total - 1);
        assertThat(original).as("the user's file is never deleted").isRegularFile();
        assertThat(derivatives).as("the derivative folder is removed").doesNotExist();

        LiveServer.assertJsonError("DELETE unknown", live.delete("/api/v1/assets/987654321"), 404);
        LiveServer.assertJsonError("DELETE malformed", live.delete("/api/v1/assets/-1"), 400);
    }

    @Test
    void deletingAnAssetWhileItsJobsRunLeavesNoDerivativesBehind() throws Exception {
        Path doomed = TestMedia.copy(TestMedia.clip(20, "640x360"), live.mediaDir().resolve("doomed"), "doomed.mp4");
        live.dam().scanner().scan(List.of(doomed), live.dam().scanOptions(java.util.Optional.empty(), 1));
        long id = live.dam().assets().resolve(doomed.toString()).asset().id();

        // wait until one of its jobs runs, then forget the asset
        await("a job of asset " + id + " runs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> live.getJson("/api/v1/assets/" + id).path("jobs").findValuesAsText("state").contains("running"));
        HttpResponse<String> r = live.delete("/api/v1/assets/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);

        live.awaitJobsIdle();
        LiveServer.assertJsonError("GET after DELETE", live.get("/api/v1/assets/" + id), 404);
        // and it stays so past a job heartbeat (1 s), when a job still running would notice its asset is gone
        await("derivatives of asset " + id + " after it was deleted mid-job stay gone")
                .during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> !Files.exists(live.derivativeDir(id)));
        assertThat(doomed).isRegularFile();
    }

    // ------------------------------------------------------------ batches

    @Test
    void listsBatchesWithCountsAndGetsOneWithItsAssets() throws Exception {
        JsonNode list = getArray("/api/v1/batches");
        JsonNode old = null;
        for (JsonNode b : list) {
            if (b.path("name").asText().equals("old")) old = b;
        }
        assertThat(old).as("batch 'old' in %s", list).isNotNull();
        assertThat(old.path("id").asLong()).isPositive();
        assertThat(old.path("assetCount").asLong()).isEqualTo(2);
        assertThat(old.path("totalBytes").asLong()).isEqualTo(
                Files.size(Path.of(live.path("old/legacy.avi"))) + Files.size(Path.of(live.path("old/broken.mp4"))));
        assertThat(Instant.parse(old.path("createdAt").asText())).isBefore(Instant.now().plusSeconds(1));

        JsonNode one = live.getJson("/api/v1/batches/old");
        assertThat(one.path("batch").path("name").asText()).isEqualTo("old");
        assertThat(one.path("batch").path("assetCount").asLong()).isEqualTo(2);
        assertThat(pathsOf(one.path("assets"))).containsExactlyInAnyOrder(live.path("old/legacy.avi"), live.path("old/broken.mp4"));
        assertThat(pathsOf(live.getJson("/api/v1/batches/old?limit=1").path("assets"))).hasSize(1);

        for (String name : List.of("no%20such%20batch", "OLD", "old%20")) {
            JsonNode e = LiveServer.assertJsonError("GET batch " + name, live.get("/api/v1/batches/" + name), 404);
            assertThat(e.path("code").asText()).isEqualTo("not_found");
        }
        LiveServer.assertJsonError("batch name with a control character", live.get("/api/v1/batches/a%01b"), 400);
        LiveServer.assertJsonError("bad limit", live.get("/api/v1/batches/old?limit=0"), 400);
    }

    @Test
    void renamesABatchButNotOntoAnExistingName() {
        long wav = live.idOf("audio/tone.wav");
        JsonNode conflict = LiveServer.assertJsonError("rename onto 'old'", live.patch("/api/v1/batches/audio", "{\"name\": \"old\"}"), 409);
        assertThat(conflict.path("message").asText()).contains("old");
        JsonNode stripped = LiveServer.assertJsonError("rename onto ' old '", live.patch("/api/v1/batches/audio", "{\"name\": \" old \"}"), 409);
        assertThat(stripped.path("code").asText()).isEqualTo("conflict");
        assertThat(live.getJson("/api/v1/batches/old").path("batch").path("assetCount").asLong()).isEqualTo(2);

        LiveServer.assertJsonError("rename to empty", live.patch("/api/v1/batches/audio", "{\"name\": \"  \"}"), 422);
        LiveServer.assertJsonError("rename without name", live.patch("/api/v1/batches/audio", "{}"), 422);
        LiveServer.assertJsonError("rename to a number", live.patch("/api/v1/batches/audio", "{\"name\": 3}"), 400);
        LiveServer.assertJsonError("rename with bad JSON", live.patch("/api/v1/batches/audio", "{\"name\""), 400);
        LiveServer.assertJsonError("rename to a control character", live.patch("/api/v1/batches/audio", "{\"name\": \"a\\u0002\"}"), 422);
        JsonNode unknown = LiveServer.assertJsonError("rename unknown", live.patch("/api/v1/batches/no-such-batch", "{\"name\": \"fresh\"}"), 404);
        assertThat(unknown.path("code").asText()).isEqualTo("not_found");
        assertThat(batchNames()).doesNotContain("fresh");

        HttpResponse<String> ok = live.patch("/api/v1/batches/audio", "{\"name\": \" sounds \"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode renamed = LiveServer.parse(ok.body());
        assertThat(renamed.path("name").asText()).isEqualTo("sounds");
        assertThat(renamed.path("assetCount").asLong()).isEqualTo(1);
        assertThat(batchNames()).contains("sounds").doesNotContain("audio");
        assertThat(live.getJson("/api/v1/assets/" + wav).path("batch").asText()).isEqualTo("sounds");
        LiveServer.assertJsonError("old name is gone", live.get("/api/v1/batches/audio"), 404);
    }

    @Test
    void deletingABatchKeepsItsAssets() {
        long png = live.idOf("trip/stills/frame.png");
        long total = live.getJson("/api/v1/assets?limit=1").path("total").asLong();
        HttpResponse<String> r = live.delete("/api/v1/batches/stills");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(batchNames()).doesNotContain("stills");
        LiveServer.assertJsonError("GET deleted batch", live.get("/api/v1/batches/stills"), 404);
        LiveServer.assertJsonError("DELETE again", live.delete("/api/v1/batches/stills"), 404);

        JsonNode asset = live.getJson("/api/v1/assets/" + png);
        assertThat(asset.path("batch").isNull()).as("batch of %s", asset).isTrue();
        assertThat(live.getJson("/api/v1/assets?limit=1").path("total").asLong()).isEqualTo(total);
        assertThat(Path.of(live.path("trip/stills/frame.png"))).isRegularFile();
    }

    @Test
    void createsABatchFromAFolderInsideARoot() throws Exception {
        ensureMediaRoot();
        Path incoming = live.mediaDir().resolve("incoming");
        // content the library has not seen yet (the same bytes elsewhere would be the same asset)
        Path a = TestMedia.copy(TestMedia.mkv(), incoming, "a.mkv");
        Path b = TestMedia.copy(TestMedia.webm(), incoming.resolve("deeper"), "b.webm");

        HttpResponse<String> r = live.post("/api/v1/batches",
                "{\"folder\": " + LiveServer.quote(incoming.toString()) + ", \"name\": \" Shoot 2024 \"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode batch = LiveServer.parse(r.body());
        assertThat(batch.path("name").asText()).isEqualTo("Shoot 2024");
        assertThat(batch.path("assetCount").asLong()).isEqualTo(2);

        JsonNode got = live.getJson("/api/v1/batches/Shoot%202024");
        assertThat(pathsOf(got.path("assets"))).containsExactlyInAnyOrder(a.toRealPath().toString(), b.toRealPath().toString());
        assertThat(batchNames()).contains("Shoot 2024");

        LiveServer.assertJsonError("batch without a name", live.post("/api/v1/batches",
                "{\"folder\": " + LiveServer.quote(incoming.toString()) + "}"), 422);
        LiveServer.assertJsonError("batch without a folder", live.post("/api/v1/batches", "{\"name\": \"n\"}"), 422);
        LiveServer.assertJsonError("batch with an empty body", live.post("/api/v1/batches", ""), 400);
    }

    @Test
    void batchFoldersOutsideTheRootsAreRefused() throws Exception {
        ensureMediaRoot();
        String root = live.mediaDir().toString();
        Path link = live.mediaDir().resolve("link-out");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, elsewhere);

        JsonNode outside = LiveServer.assertJsonError("folder outside", postBatch(elsewhere.toString()), 403);
        assertThat(outside.path("code").asText()).isEqualTo("forbidden");
        LiveServer.assertJsonError("/etc", postBatch("/etc"), 403);
        LiveServer.assertJsonError("/", postBatch("/"), 403);
        for (String relative : List.of("rel", "media/trip", "../elsewhere")) {
            assertThat(LiveServer.assertJsonError("relative " + relative, postBatch(relative), 400).path("code").asText())
                    .isEqualTo("bad_path");
            assertThat(LiveServer.assertJsonError("scan of relative " + relative,
                    live.post("/api/v1/scans", "{\"path\": " + LiveServer.quote(relative) + "}"), 400).path("code").asText())
                    .isEqualTo("bad_path");
        }

        List<String> hostile = new ArrayList<>(List.of(
                root + "/../elsewhere",
                root + "/trip/../../elsewhere",
                root + "/./../elsewhere/",
                root + "/link-out",
                root + "/link-out/",
                "elsewhere",
                "media/trip",
                "./media",
                "../elsewhere",
                "~/",
                root + "/trip\u0000",
                root + "/trip\u0000/../../elsewhere",
                "\u0000",
                root + "/..%2f..%2felsewhere",
                root + "/..%2F",
                "..%2f..%2fetc",
                root + "/%2e%2e/elsewhere",
                root + "\\..\\elsewhere",
                root + "/no-such-folder",
                root + "/trip/clip.mp4/..",
                "/" + "a".repeat(5000),
                root + "/" + "b".repeat(5000),
                "",
                "   "));
        for (String folder : hostile) {
            HttpResponse<String> r = postBatch(folder);
            LiveServer.assertJsonError("folder " + printable(folder), r, 0);
        }
        // the same for scans of one folder
        for (String folder : hostile) {
            HttpResponse<String> r = live.post("/api/v1/scans", "{\"path\": " + LiveServer.quote(folder) + "}");
            LiveServer.assertJsonError("scan of " + printable(folder), r, 0);
        }
        assertThat(batchNames()).doesNotContain("hostile");
        assertThat(live.getJson("/api/v1/assets?batch=hostile").path("total").asLong()).isZero();
        LiveServer.assertJsonError("folder a number", live.post("/api/v1/batches", "{\"folder\": 1, \"name\": \"hostile\"}"), 400);
        LiveServer.assertJsonError("folder an array", live.post("/api/v1/batches", "{\"folder\": [\"/\"], \"name\": \"hostile\"}"), 400);
    }

    // ------------------------------------------------------------ roots

    @Test
    void addsListsAndRemovesRoots() throws Exception {
        Path extra = Files.createDirectories(live.tmp().resolve("extra root"));
        HttpResponse<String> created = live.post("/api/v1/roots", "{\"path\": " + LiveServer.quote(extra.toString()) + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode root = LiveServer.parse(created.body());
        long id = root.path("id").asLong();
        assertThat(id).isPositive();
        assertThat(root.path("path").asText()).isEqualTo(extra.toRealPath().toString());
        assertThat(root.path("addedAt").asText()).isNotBlank();
        assertThat(root.path("scanId").asText()).as("adding a root starts its scan").isNotBlank();

        JsonNode roots = getArray("/api/v1/roots");
        assertThat(roots.findValuesAsText("path")).contains(extra.toRealPath().toString());

        // given with a trailing slash and a dot segment, the same folder is the same root
        HttpResponse<String> again = live.post("/api/v1/roots", "{\"path\": " + LiveServer.quote(extra + "/./") + "}");
        assertThat(again.statusCode()).as(again.body()).isIn(200, 201);
        assertThat(LiveServer.parse(again.body()).path("id").asLong()).isEqualTo(id);
        assertThat(getArray("/api/v1/roots").findValuesAsText("path")).containsOnlyOnce(extra.toRealPath().toString());

        JsonNode missing = LiveServer.assertJsonError("nonexistent root",
                live.post("/api/v1/roots", "{\"path\": " + LiveServer.quote(live.tmp().resolve("nope").toString()) + "}"), 422);
        assertThat(missing.path("code").asText()).isEqualTo("invalid");
        LiveServer.assertJsonError("relative root", live.post("/api/v1/roots", "{\"path\": \"media\"}"), 422);
        LiveServer.assertJsonError("relative root with dots", live.post("/api/v1/roots", "{\"path\": \"../media\"}"), 422);
        LiveServer.assertJsonError("a file as root", live.post("/api/v1/roots",
                "{\"path\": " + LiveServer.quote(live.path("trip/clip.mp4")) + "}"), 422);
        LiveServer.assertJsonError("NUL in root", live.post("/api/v1/roots", "{\"path\": \"/tmp\\u0000\"}"), 400);
        LiveServer.assertJsonError("empty root", live.post("/api/v1/roots", "{\"path\": \"\"}"), 400);
        LiveServer.assertJsonError("no path", live.post("/api/v1/roots", "{}"), 422);
        LiveServer.assertJsonError("root a number", live.post("/api/v1/roots", "{\"path\": 1}"), 400);

        HttpResponse<String> deleted = live.delete("/api/v1/roots/" + id);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(getArray("/api/v1/roots").findValuesAsText("path")).doesNotContain(extra.toRealPath().toString());
        JsonNode gone = LiveServer.assertJsonError("DELETE root again", live.delete("/api/v1/roots/" + id), 404);
        assertThat(gone.path("code").asText()).isEqualTo("not_found");
        LiveServer.assertJsonError("DELETE unknown root", live.delete("/api/v1/roots/987654321"), 404);
        LiveServer.assertJsonError("DELETE malformed root", live.delete("/api/v1/roots/abc"), 400);
        assertThat(extra).as("removing a root never touches the folder").isDirectory();
    }

    // ------------------------------------------------------------ scans

    @Test
    void backgroundScanRunsToItsReport() throws Exception {
        ensureMediaRoot();
        HttpResponse<String> r = live.post("/api/v1/scans", "{}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode queued = LiveServer.parse(r.body());
        String id = queued.path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/scans/" + id);
        assertThat(strings(queued.path("roots"))).contains(live.mediaDir().toRealPath().toString());

        JsonNode done = live.awaitScan(id);
        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(done.path("error").isNull()).isTrue();
        assertThat(done.path("startedAt").asText()).isNotBlank();
        assertThat(Instant.parse(done.path("finishedAt").asText())).isAfterOrEqualTo(Instant.parse(done.path("startedAt").asText()));
        JsonNode report = done.path("report");
        assertThat(report.isObject()).as("report in %s", done).isTrue();
        assertThat(report.path("scanned").asLong()).isGreaterThanOrEqualTo(LiveServer.LAYOUT.size() - 1);
        for (String field : List.of("added", "updated", "unchanged", "deferred", "failed", "skipped", "durationMs")) {
            assertThat(report.path(field).isIntegralNumber()).as("report.%s in %s", field, report).isTrue();
        }
        assertThat(report.path("added").asLong() + report.path("updated").asLong() + report.path("unchanged").asLong()
                + report.path("deferred").asLong() + report.path("failed").asLong())
                .as("every scanned file is accounted for in %s", report).isEqualTo(report.path("scanned").asLong());
        // the files catalogued at start-up have not changed since
        assertThat(report.path("unchanged").asLong()).as("report %s", report).isGreaterThanOrEqualTo(LiveServer.LAYOUT.size() - 1);

        JsonNode recent = getArray("/api/v1/scans");
        assertThat(recent.findValuesAsText("id")).contains(id);
        assertThat(recent.get(0).path("id").asText()).as("newest first").isEqualTo(id);

        // one folder inside the root
        HttpResponse<String> one = live.post("/api/v1/scans", "{\"path\": " + LiveServer.quote(live.mediaDir().resolve("trip").toString()) + "}");
        assertThat(one.statusCode()).as(one.body()).isEqualTo(202);
        JsonNode trip = live.awaitScan(LiveServer.parse(one.body()).path("id").asText());
        assertThat(trip.path("report").path("scanned").asLong()).isEqualTo(3);
        assertThat(trip.path("report").path("added").asLong()).isZero();
    }

    @Test
    void scansOutsideTheRootsAndUnknownScansAreErrors() {
        ensureMediaRoot();
        JsonNode etc = LiveServer.assertJsonError("scan /etc", live.post("/api/v1/scans", "{\"path\": \"/etc\"}"), 403);
        assertThat(etc.path("code").asText()).isEqualTo("forbidden");
        LiveServer.assertJsonError("scan with bad JSON", live.post("/api/v1/scans", "{"), 400);
        LiveServer.assertJsonError("scan path a number", live.post("/api/v1/scans", "{\"path\": 1}"), 400);
        for (String id : List.of("nope", "00000000", "x".repeat(300), "..%2f..%2fetc")) {
            JsonNode e = LiveServer.assertJsonError("scan " + id, live.get("/api/v1/scans/" + id), 404);
            assertThat(e.path("code").asText()).isEqualTo("not_found");
            assertThat(e.path("message").asText().length()).isLessThan(200);
        }
    }

    // ------------------------------------------------------------ helpers

    private static void ensureMediaRoot() {
        HttpResponse<String> r = live.post("/api/v1/roots", "{\"path\": " + LiveServer.quote(live.mediaDir().toString()) + "}");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    private static HttpResponse<String> postBatch(String folder) {
        return live.post("/api/v1/batches", "{\"folder\": " + LiveServer.quote(folder) + ", \"name\": \"hostile\"}");
    }

    private static JsonNode getArray(String url) {
        HttpResponse<String> r = live.get(url);
        assertThat(r.statusCode()).as("GET %s → %s", url, r.body()).isEqualTo(200);
        JsonNode json = LiveServer.parse(r.body());
        assertThat(json.isArray()).as("GET %s is an array: %s", url, r.body()).isTrue();
        return json;
    }

    private static List<String> batchNames() {
        return getArray("/api/v1/batches").findValuesAsText("name");
    }

    private static List<String> pathsOf(JsonNode pageOrArray) {
        JsonNode items = pageOrArray.has("items") ? pageOrArray.get("items") : pageOrArray;
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.path("path").asText()));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String printable(String s) {
        String t = s.replace("\u0000", "\\0");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
