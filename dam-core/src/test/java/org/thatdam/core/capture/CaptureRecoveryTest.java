package org.thatdam.core.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.catalog.CaptureRepository;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.json.Json;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.CaptureTake;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.LiveSourceKind;
import org.thatdam.model.TakeState;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchSort;

/**
 * What capture does without a live source: a take left recording by a process that died is catalogued
 * from its fragmented file (or failed, saying where the file is); network sources keep their
 * credentials out of the catalog and every answer.
 */
class CaptureRecoveryTest {

    @TempDir Path tmp;

    Dam open(Path home) {
        return Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.SEMANTIC_AUTO, "false", ConfigKey.CAPTURE_MIN_FREE_MB, "0")));
    }

    /** A pid that was this host's and is no more. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aTakeLeftRecordingByADeadProcessIsCataloguedFromWhatItWroteAndAnUnplayableOneFailsSayingWhere() throws Exception {
        // a fragmented MP4 as a recorder writes it, cut short as a kill -9 leaves it
        Path whole = TestMedia.make("fragmented.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25"),
                "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p",
                "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-frag_duration", "1000000", "-f", "mp4");
        byte[] bytes = Files.readAllBytes(whole);
        Path home = tmp.resolve("home");
        String host = java.lang.management.ManagementFactory.getRuntimeMXBean().getName().split("@", 2)[1];
        String dead = "node/" + deadPid() + "@" + host;
        Instant started = Instant.parse("2026-03-04T10:00:00Z");
        CaptureTake cut;
        CaptureTake garbage;
        CaptureTake alive;
        try (Dam dam = open(home)) {
            cut = dam.catalog().write(s -> s.capture().insertTake(recording("test-1", "Interview A", started), dead, null));
            garbage = dam.catalog().write(s -> s.capture().insertTake(recording("test-2", "Broken", started), dead, null));
            // a take of a live process (this one) is someone's recording in progress: left alone
            alive = dam.catalog().write(s -> s.capture().insertTake(recording("test-3", "Running",
                    started), "node/" + ProcessHandle.current().pid() + "@" + host, null));
            Path staging = home.resolve("capture");
            Files.createDirectories(staging);
            Files.write(staging.resolve(cut.id() + ".mp4"), java.util.Arrays.copyOf(bytes, bytes.length - 3000));
            Files.write(staging.resolve(garbage.id() + ".mp4"), "not a video".getBytes());
            dam.catalog().update(s -> {
                s.capture().setStagingPath(cut.id(), staging.resolve(cut.id() + ".mp4").toString());
                s.capture().setStagingPath(garbage.id(), staging.resolve(garbage.id() + ".mp4").toString());
            });
        }
        try (Dam dam = open(home)) {
            CaptureService capture = dam.capture();
            CaptureTake recovered = capture.take(cut.id());
            assertThat(recovered.state()).isEqualTo(TakeState.RECOVERED);
            String day = LocalDate.ofInstant(started, ZoneId.systemDefault()).toString();
            assertThat(recovered.batch()).isEqualTo("capture-" + day);
            assertThat(Path.of(recovered.path())).isEqualTo(home.resolve("library/captures").resolve(day).resolve("Interview A.mp4")
                    .toRealPath());
            assertThat(recovered.durationSeconds()).isBetween(1.0, 3.1);
            assertThat(home.resolve("capture").resolve(cut.id() + ".mp4")).doesNotExist();
            AssetDetails asset = dam.assets().details(recovered.assetId()).orElseThrow();
            assertThat(asset.asset().title()).isEqualTo("Interview A");
            assertThat(asset.asset().batch()).isEqualTo("capture-" + day);
            assertThat(asset.tags()).containsExactlyInAnyOrder("capture", "recovered");
            dam.search().catchUp();
            assertThat(dam.search().search(new SearchRequest("interview", SearchSort.NEWEST, 10, 0, false)).items())
                    .extracting(h -> h.id()).containsExactly(recovered.assetId());

            CaptureTake failed = capture.take(garbage.id());
            assertThat(failed.state()).isEqualTo(TakeState.FAILED);
            assertThat(failed.error()).contains("cannot be played").contains(home.resolve("capture").resolve(garbage.id() + ".mp4").toString());
            assertThat(home.resolve("capture").resolve(garbage.id() + ".mp4")).exists();

            assertThat(capture.take(alive.id()).state()).isEqualTo(TakeState.RECORDING);
            assertThat(capture.takes(10)).extracting(CaptureTake::id).containsExactly(alive.id(), garbage.id(), cut.id());
        }
    }

    @Test
    void aNetworkSourcesCredentialsStayInThePrivateSecretsFileAndHostileUrlsAreRefused() throws Exception {
        Path home = tmp.resolve("net");
        Actor admin = Actor.commandLine();
        try (Dam dam = open(home)) {
            CaptureService capture = dam.capture();
            var added = capture.addNetwork(admin, new CaptureService.NetworkSourceRequest("Door camera",
                    "rtsp://cam.example:8554/live/main", "tcp", "operator", "s3cr3t-P4ss", null));
            assertThat(added.kind()).isEqualTo(LiveSourceKind.NETWORK);
            assertThat(added.address()).isEqualTo("rtsp://cam.example:8554/live/main");
            assertThat(added.settings().transport()).isEqualTo("tcp");
            var withInfo = capture.addNetwork(admin, new CaptureService.NetworkSourceRequest("Gate",
                    "rtsp://admin:hunter2-Gate@cam2.example/stream?channel=1", null, null, null, null));
            assertThat(withInfo.address()).isEqualTo("rtsp://cam2.example/stream?channel=1");

            String answer = Json.text(capture.sources());
            assertThat(answer).contains("Door camera", "Gate", "test-1").doesNotContain("s3cr3t", "hunter2", "operator");
            assertThat(capture.source(added.id()).toString()).doesNotContain("s3cr3t");

            Path secrets = home.resolve("secrets/capture-sources.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");
            assertThat(Files.readString(secrets)).contains("operator:s3cr3t-P4ss", "admin:hunter2-Gate");
            StringBuilder stored = new StringBuilder();
            for (String f : List.of("catalog.db", "catalog.db-wal")) {
                Path p = home.resolve(f);
                if (Files.exists(p)) stored.append(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            assertThat(stored.toString()).contains("cam.example").doesNotContain("s3cr3t", "hunter2");
            assertThat(dam.catalog().<List<CaptureRepository.SourceRow>>read(s -> s.capture().sources())).extracting(CaptureRepository.SourceRow::url)
                    .containsExactly("rtsp://cam.example:8554/live/main", "rtsp://cam2.example/stream?channel=1");

            for (String url : List.of("file:///etc/passwd", "rtsp://cam/x?token=abc", "concat:a|b", "rtsp:///nohost", "http://h/a b",
                    "rtsp://h/\u0000", "srt://h:9000#frag", "https://" + "a".repeat(2100))) {
                assertThatThrownBy(() -> capture.addNetwork(admin, new CaptureService.NetworkSourceRequest("x", url, null, null, null, null)))
                        .as(url).isInstanceOfSatisfying(DamException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                            assertThat(e.getMessage()).startsWith("url:").doesNotContain("passwd");
                        });
            }
            assertThatThrownBy(() -> capture.addNetwork(admin, new CaptureService.NetworkSourceRequest("x", "http://h/s.ts", "udp", null, null, null)))
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.getMessage()).startsWith("transport:"));
            assertThatThrownBy(() -> capture.addNetwork(admin, new CaptureService.NetworkSourceRequest(" ", "http://h/s.ts", null, null, null, null)))
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.getMessage()).startsWith("name:"));

            assertThatThrownBy(() -> capture.remove(admin, "test-1"))
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            capture.remove(admin, added.id());
            assertThat(capture.sources().sources()).extracting(s -> s.id()).doesNotContain(added.id()).contains(withInfo.id());
            assertThat(Files.readString(secrets)).doesNotContain("s3cr3t").contains("hunter2");
            assertThatThrownBy(() -> capture.source(added.id()))
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void takeNamesMustBeFileNames() {
        Instant at = Instant.parse("2026-12-01T14:03:22Z");
        assertThat(TakeNames.valid("  Scène 1 — take 2 ", at, java.time.ZoneOffset.UTC)).isEqualTo("Scène 1 — take 2");
        assertThat(TakeNames.valid("  ", at, java.time.ZoneOffset.UTC)).as("no name: the start time names it")
                .isEqualTo("Take 2026-12-01 14.03.22");
        for (String bad : List.of("\u202egpj.exe", "\uD83D\uDE00".repeat(60), "a/b", "..", ".hidden", "a\\b", "tab\there", "x".repeat(121), "nul\u0000")) {
            assertThatThrownBy(() -> TakeNames.valid(bad, at, java.time.ZoneOffset.UTC)).as(bad).isInstanceOfSatisfying(DamException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                assertThat(e.getMessage()).startsWith("name:");
            });
        }
        assertThat(TakeNames.fileName("A", 1)).isEqualTo("A.mp4");
        assertThat(TakeNames.fileName("A", 2)).isEqualTo("A (2).mp4");
    }

    static CaptureTake recording(String source, String name, Instant at) {
        return new CaptureTake(0, source, name, TakeState.RECORDING, at, null, "10:00:00:00", org.thatdam.model.FrameRate.parse("25"),
                0, 0, 0, "alice", null, null, null, null);
    }
}
