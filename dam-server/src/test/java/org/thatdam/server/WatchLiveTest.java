package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Actor;
import org.thatdam.model.Location;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.events.DamEvent;
import org.thatdam.media.testing.TestMedia;

/** A served library follows its root on disk by itself: the real watcher, scanner, catalog, index and HTTP API. */
class WatchLiveTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** An empty library: every test brings the files it follows (no media to copy and scan before each test). */
    @RegisterExtension
    final LiveServer live = LiveServer.withMedia(java.util.Map.of())
            .config(ConfigKey.SCAN_SETTLE_SECONDS, "1").config(ConfigKey.WATCH_RESCAN_MINUTES, "0");
    Path root;
    final List<DamEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        root = live.mediaDir().toRealPath();
        live.dam().roots().addRoot(root, Actor.commandLine());
        live.dam().search();
        live.dam().events().subscribe(events::add);
        live.dam().watcher().start();
        await("the root is watched", () -> live.dam().watcher().watching(root));
    }

    static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    /** The catalogued asset at a path, from the API, or null. */
    JsonNode assetAt(Path p) {
        for (JsonNode item : LiveServer.items(live.getJson("/api/v1/assets?limit=1000"))) {
            if (item.get("path").asText().equals(p.toString())) return item;
        }
        return null;
    }

    JsonNode asset(long id) {
        return live.getJson("/api/v1/assets/" + id);
    }

    boolean searchFinds(String q, long id) {
        JsonNode r = live.getJson("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        for (JsonNode item : r.get("items")) {
            if (item.get("id").asLong() == id) return true;
        }
        return false;
    }

    boolean missingAt(Path p) {
        return live.dam().catalog().read(s -> s.assets().locationByPath(p.toString())).map(Location::missing).orElse(false);
    }

    long watchScans() {
        return events.stream().filter(e -> e instanceof DamEvent.ScanStarted).count();
    }

    @Test
    void copiedRenamedMovedAndDeletedFilesReachTheCatalogBySelf() throws Exception {
        Path clip = TestMedia.copy(TestMedia.mkv(), root, "harbour.mkv");
        await("a copied clip is catalogued", () -> assetAt(clip) != null);
        long id = assetAt(clip).get("id").asLong();
        await("…and searchable", () -> searchFinds("harbour", id));

        Path renamed = Files.move(clip, root.resolve("harbour-at-dusk.mkv"));
        await("a renamed file keeps its asset", () -> assetAt(renamed) != null);
        assertThat(assetAt(renamed).get("id").asLong()).isEqualTo(id);

        Path sub = Files.createDirectories(root.resolve("evening"));
        Path moved = Files.move(renamed, sub.resolve("harbour-at-dusk.mkv"));
        await("a file moved into a new subfolder keeps its asset", () -> assetAt(moved) != null);
        assertThat(assetAt(moved).get("id").asLong()).isEqualTo(id);
        JsonNode locations = live.getJson("/api/v1/assets/" + id + "/locations");
        assertThat(locations.size()).as("old locations dropped: %s", locations).isEqualTo(1);

        Files.delete(moved);
        await("a deleted file is missing at once", () -> asset(id).path("status").asText().equals("missing"));

        // Every one of these went through the scan service, as watcher batches.
        JsonNode scans = live.getJson("/api/v1/scans");
        assertThat(scans.size()).isPositive();
        scans.forEach(s -> assertThat(s.get("trigger").asText()).isEqualTo("watch"));
    }

    @Test
    void aGrowingFileIsCataloguedOnceItSettlesWithItsFinalSize() throws Exception {
        byte[] content = Files.readAllBytes(TestMedia.webm());
        Path file = root.resolve("recording.webm");
        // What had been written when the library catalogued the file: only then may it have been.
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        List<Long> writtenAtIngest = new CopyOnWriteArrayList<>();
        live.dam().events().subscribe(e -> {
            if (e instanceof DamEvent.AssetIngested i && i.path().equals(file.toString())) writtenAtIngest.add(written.get());
        });
        try (OutputStream out = Files.newOutputStream(file)) {
            int step = Math.max(1, content.length / 12);
            for (int off = 0; off < content.length; off += step) {
                int n = Math.min(step, content.length - off);
                out.write(content, off, n);
                out.flush();
                written.addAndGet(n);
                Thread.sleep(150); // a slow writer: a write every 150 ms, well under the 1 s settle time
            }
        }
        await("catalogued once settled", () -> assetAt(file) != null);
        JsonNode a = assetAt(file);
        assertThat(a.get("sizeBytes").asLong()).isEqualTo(content.length);
        assertThat(a.get("status").asText()).isEqualTo("ok");
        assertThat(writtenAtIngest).as("ingested exactly once, when complete").containsExactly((long) content.length);
        assertThat(live.getJson("/api/v1/assets/" + a.get("id").asLong() + "/versions").size()).isEqualTo(1);
    }

    @Test
    void foldersThatAppearAndDisappear() throws Exception {
        // A folder made elsewhere and moved in whole, and one created in place and filled.
        Path staging = Files.createDirectories(live.tmp().resolve("staging/day9"));
        TestMedia.copy(TestMedia.rotatedMov(), staging, "phone.mov");
        TestMedia.copy(TestMedia.jpegWithExif(), staging.resolve("stills"), "photo.jpg");
        Path day9 = Files.move(staging, root.resolve("day9"));
        Path day10 = Files.createDirectories(root.resolve("day10/cam"));
        TestMedia.copy(TestMedia.mkv(), day10, "a.mkv");
        TestMedia.copy(TestMedia.webm(), day10, "b.webm");
        List<Path> all = List.of(day9.resolve("phone.mov"), day9.resolve("stills/photo.jpg"), day10.resolve("a.mkv"),
                day10.resolve("b.webm"));
        await("every file of the new folders is catalogued", () -> all.stream().allMatch(p -> assetAt(p) != null));

        long phone = assetAt(all.get(0)).get("id").asLong();
        long photo = assetAt(all.get(1)).get("id").asLong();
        deleteTree(day9);
        await("a deleted folder's files are all missing",
                () -> missingAt(all.get(0)) && missingAt(all.get(1)));
        await("…and so are their assets", () -> asset(phone).path("status").asText().equals("missing")
                && asset(photo).path("status").asText().equals("missing"));
        assertThat(assetAt(all.get(2)).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void aStormOfNewFilesBecomesAFewBatches() throws Exception {
        int files = 2_000;
        long before = watchScans();
        Path storm = Files.createDirectories(root.resolve("storm"));
        for (int i = 0; i < files - 3; i++) {
            Files.writeString(storm.resolve(String.format("note-%04d.txt", i)), "note " + i);
        }
        List<Path> media = List.of(TestMedia.copy(TestMedia.mkv(), storm, "m1.mkv"),
                TestMedia.copy(TestMedia.rotatedMov(), storm, "m2.mov"), TestMedia.copy(TestMedia.webm(), storm, "m3.webm"));
        await("the media of the storm are catalogued", () -> media.stream().allMatch(p -> assetAt(p) != null));
        // Every file was looked at: the notes as "not media", the clips catalogued.
        try {
            await("every file was looked at", () -> lookedAt(storm) >= files);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + ": " + events.stream().filter(x -> x instanceof DamEvent.ScanFinished
                    || x instanceof DamEvent.ScanStarted).map(x -> x instanceof DamEvent.ScanStarted st
                    ? "started " + st.roots().size() + " " + st.roots().stream().limit(2).toList() : x.toString()).toList());
        }
        long batches = watchScans() - before;
        System.out.printf("storm of %d files: %d scan batches%n", files, batches);
        assertThat(batches).as("coalesced into a few batches").isLessThanOrEqualTo(20);
    }

    @Test
    void aRootDeletedAndMadeAgainIsFollowedAgain() throws Exception {
        Path first = TestMedia.copy(TestMedia.mkv(), root, "before.mkv");
        await("catalogued", () -> assetAt(first) != null);

        deleteTree(root);
        Files.createDirectories(root);
        Path after = TestMedia.copy(TestMedia.webm(), root.resolve("new"), "after.webm");
        await("a file copied into the root made again is catalogued", () -> assetAt(after) != null);
        Path later = TestMedia.copy(TestMedia.rotatedMov(), root, "later.mov");
        await("…and so is one copied once it is watched again", () -> assetAt(later) != null);
    }

    @Test
    void aRootAddedWhileServingIsScannedOnceWatched() throws Exception {
        // Files already there when the root is added (its own scan is not started here): the watcher finds them.
        Path second = Files.createDirectories(live.tmp().resolve("second")).toRealPath();
        Path clip = TestMedia.copy(TestMedia.mkv(), second, "early.mkv");
        live.dam().roots().addRoot(second, Actor.commandLine());
        await("the new root is watched", () -> live.dam().watcher().watching(second));
        await("a file that was there before the watch is catalogued", () -> assetAt(clip) != null);
    }

    @Test
    void aFolderMovedOutOfTheRootIsNoLongerWatched() throws Exception {
        int before = live.dam().watcher().watchedFolders();
        Path trip = Files.createDirectories(root.resolve("journey/day1"));
        await("the new folders are watched", () -> live.dam().watcher().watchedFolders() == before + 2);

        Path away = Files.move(root.resolve("journey"), Files.createDirectories(live.tmp().resolve("away")).resolve("journey"));
        await("the folders moved away are not watched any more", () -> live.dam().watcher().watchedFolders() == before);
        TestMedia.copy(TestMedia.mkv(), away.resolve("day1"), "outside.mkv");
        Path marker = TestMedia.copy(TestMedia.webm(), root, "marker.webm");
        await("a later file in the root is catalogued", () -> assetAt(marker) != null);
        assertThat(assetAt(trip.resolve("outside.mkv"))).isNull();
    }

    /** Files under {@code folder} that finished scans looked at (catalogued or skipped as not media). */
    long lookedAt(Path folder) {
        long n = 0;
        for (DamEvent e : events) {
            if (e instanceof DamEvent.ScanFinished f) n += f.report().scanned() + f.report().skipped();
        }
        return n;
    }

    /** Deletes a folder tree the test made. */
    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
