package org.thatdam.core.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.media.testing.StreamServer;
import org.thatdam.model.Actor;
import org.thatdam.model.CaptureTake;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.TakeState;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchSort;

/** Recording the built-in test sources (and a network stream) with the real ffmpeg into a real library. */
class CaptureRecordingTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final Actor ME = Actor.commandLine();

    @TempDir static Path tmp;
    static Dam dam;
    static final List<DamEvent> events = new CopyOnWriteArrayList<>();

    static Dam open(Path home, String minFreeMb) {
        return Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.SEMANTIC_AUTO, "false", ConfigKey.CAPTURE_MIN_FREE_MB, minFreeMb,
                ConfigKey.CAPTURE_TEST_SOURCES, "2", ConfigKey.CAPTURE_ENCODER, "libx264", ConfigKey.CAPTURE_PRESET, "ultrafast")));
    }

    @BeforeAll
    static void openLibrary() {
        dam = open(tmp.resolve("home"), "0");
        dam.events().subscribe(events::add);
    }

    @AfterAll
    static void closeLibrary() {
        if (dam != null) dam.close();
    }

    static CaptureTake settled(CaptureService c, long id) {
        await().atMost(WAIT).until(() -> c.take(id).state() != TakeState.RECORDING);
        return c.take(id);
    }

    @Test
    void aTimedTakeLandsInTheLibraryWithItsNameAsTitleInTheDaysCaptureBatch() {
        CaptureService capture = dam.capture();
        List<CaptureTake> takes = capture.record(ME, new CaptureService.RecordRequest(List.of("test-1"), "Morning interview", 3.0, null));
        assertThat(takes).hasSize(1);
        CaptureTake started = takes.get(0);
        assertThat(started.state()).isEqualTo(TakeState.RECORDING);
        assertThat(started.startTimecode()).matches("\\d\\d:\\d\\d:\\d\\d[:;]\\d\\d");
        assertThat(capture.source("test-1").recording().id()).isEqualTo(started.id());
        assertThatThrownBy(() -> capture.record(ME, new CaptureService.RecordRequest(List.of("test-1"), "again", null, null)))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

        // the HLS preview is fed from the same ingest: no second capture of the source
        Path playlist = await().atMost(WAIT).ignoreException(DamException.class).until(() -> capture.hls("test-1", "index.m3u8"), Files::exists);
        assertThat(playlist.getFileName().toString()).isEqualTo("index.m3u8");
        assertThatThrownBy(() -> capture.hls("test-1", "../catalog.db"))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        CaptureTake t = settled(capture, started.id());
        assertThat(t.state()).as("%s", t.error()).isEqualTo(TakeState.FINISHED);
        // the test pattern runs at real time; a machine busy with other work may deliver a little less
        assertThat(t.durationSeconds()).isBetween(1.5, 4.0);
        assertThat(t.bytes()).isPositive();
        String day = LocalDate.ofInstant(t.startedAt(), ZoneId.systemDefault()).toString();
        assertThat(t.batch()).isEqualTo("capture-" + day);
        assertThat(Path.of(t.path()).getFileName().toString()).isEqualTo("Morning interview.mp4");
        assertThat(Path.of(t.path()).getParent().getFileName().toString()).isEqualTo(day);
        assertThat(tmp.resolve("home/capture").resolve(t.id() + ".mp4")).doesNotExist();
        AssetDetails asset = dam.assets().details(t.assetId()).orElseThrow();
        assertThat(asset.asset().title()).isEqualTo("Morning interview");
        assertThat(asset.asset().batch()).isEqualTo("capture-" + day);
        assertThat(asset.tags()).containsExactly("capture");
        assertThat(asset.current().media().durationSec()).isBetween(1.5, 4.0);
        dam.search().catchUp();
        assertThat(dam.search().search(new SearchRequest("morning interview", SearchSort.NEWEST, 10, 0, false)).items())
                .extracting(h -> h.id()).contains(t.assetId());
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(DamEvent.RecordingStarted.class,
                s -> assertThat(s.take().id()).isEqualTo(t.id())));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(DamEvent.RecordingStopped.class, s -> {
            assertThat(s.take().id()).isEqualTo(t.id());
            assertThat(s.reason()).isEqualTo("seconds");
        }));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(DamEvent.RecordingProgress.class,
                p -> assertThat(p.takeId()).isEqualTo(t.id())));
    }

    @Test
    void twoSourcesRecordedTogetherStartWithinOneFrame() {
        CaptureService capture = dam.capture();
        List<CaptureTake> takes = capture.record(ME, new CaptureService.RecordRequest(List.of("test-1", "test-2"), "Two cameras", null, null));
        assertThat(takes).hasSize(2);
        long frame = takes.get(0).frameRate().frameNanos();
        long skew = Math.abs(Duration.between(takes.get(0).startedAt(), takes.get(1).startedAt()).toNanos());
        System.out.printf("start skew of two test sources: %.2f ms (one frame %.2f ms)%n", skew / 1e6, frame / 1e6);
        // Two free-running sources differ in phase by up to a frame; a busy machine's delay in delivering one comes
        // on top (the bench measures the skew on a quiet one), so the bound here is two frames.
        assertThat(skew).isLessThanOrEqualTo(2 * frame);
        await().atMost(WAIT).until(() -> capture.takes(10).stream().filter(t -> t.state() == TakeState.RECORDING)
                .allMatch(t -> t.durationSeconds() >= 1));
        List<CaptureTake> stopped = capture.stop(ME, new CaptureService.StopRequest(List.of(), List.of()));
        assertThat(stopped).extracting(CaptureTake::state).containsOnly(TakeState.FINISHED);
        long endSkew = Math.abs(Duration.between(stopped.get(0).finishedAt(), stopped.get(1).finishedAt()).toNanos());
        System.out.printf("end skew of two takes stopped together: %.2f ms; durations %s%n", endSkew / 1e6,
                stopped.stream().map(CaptureTake::durationSeconds).toList());
        // Stopped side by side: the second camera does not record on while the first take is catalogued (one
        // after the other, the second ended 1.6 s later here, on a quiet machine; side by side, 14 ms).
        assertThat(Duration.ofNanos(endSkew)).isLessThan(Duration.ofSeconds(1));
        assertThat(stopped).extracting(t -> Path.of(t.path()).getFileName().toString())
                .containsExactlyInAnyOrder("Two cameras.mp4", "Two cameras (2).mp4");
    }

    @Test
    void aNetworkSourceCannotBeRemovedWhileItRecords() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (StreamServer server = new StreamServer(port)) {
            CaptureService capture = dam.capture();
            var src = capture.addNetwork(ME, new CaptureService.NetworkSourceRequest("Encoder", "http://127.0.0.1:" + port + "/live.ts",
                    null, null, null, null));
            // the server listens a moment after it starts: the source is live once the ingest's retries reach it
            await().atMost(Duration.ofSeconds(40)).until(() -> capture.watch(src.id()).state() == org.thatdam.model.LiveState.LIVE);
            List<CaptureTake> takes = capture.record(ME, new CaptureService.RecordRequest(List.of(src.id()), "Feed", null, null));
            assertThatThrownBy(() -> capture.remove(ME, src.id()))
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            CaptureTake t = capture.stop(ME, new CaptureService.StopRequest(List.of(src.id()), null)).get(0);
            assertThat(t.id()).isEqualTo(takes.get(0).id());
            assertThat(t.state()).as("%s", t.error()).isEqualTo(TakeState.FINISHED);
            capture.remove(ME, src.id());
            assertThat(capture.sources().sources()).noneMatch(s -> s.id().equals(src.id()));
        }
    }

    @Test
    void theDiskGuardStopsARecordingCleanlyBeforeTheDiskFills() throws Exception {
        Path home = tmp.resolve("guard");
        Files.createDirectories(home);
        long free = Files.getFileStore(home).getUsableSpace();
        long minFreeMb = (free >> 20) - 6; // room for a few seconds of the test pattern
        try (Dam small = open(home, Long.toString(minFreeMb))) {
            CaptureService capture = small.capture();
            CaptureTake started = capture.record(ME, new CaptureService.RecordRequest(List.of("test-1"), "Long take", null, null)).get(0);
            // the HLS preview is fed from the same ingest: no second capture of the source
        Path playlist = await().atMost(WAIT).ignoreException(DamException.class).until(() -> capture.hls("test-1", "index.m3u8"), Files::exists);
        assertThat(playlist.getFileName().toString()).isEqualTo("index.m3u8");
        assertThatThrownBy(() -> capture.hls("test-1", "../catalog.db"))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        CaptureTake t = settled(capture, started.id());
            assertThat(t.state()).as("%s", t.error()).isEqualTo(TakeState.STOPPED_DISK_FULL);
            assertThat(t.assetId()).as("what was recorded is catalogued").isNotNull();
            assertThat(Files.size(Path.of(t.path()))).isPositive();
        }
    }
}
