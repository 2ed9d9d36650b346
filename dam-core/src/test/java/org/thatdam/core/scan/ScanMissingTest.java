package org.thatdam.core.scan;

import org.thatdam.model.Actor;
import org.thatdam.model.ScanReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.age;
import static org.thatdam.core.testing.DamTesting.allLocations;
import static org.thatdam.core.testing.DamTesting.at;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.Location;
import org.thatdam.core.Dam;
import org.thatdam.media.testing.TestMedia;

/** What a rescan no longer finds becomes missing; what it cannot read does not; growing files are waited for. */
class ScanMissingTest {

    @TempDir
    Path tmp;
    Path media;
    Dam dam;
    Path a, b, c;

    @BeforeEach
    void setUp() throws Exception {
        media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        dam = openDam(tmp.resolve("home"), "1");
        a = TestMedia.copy(TestMedia.h264Mp4(), media.resolve("day1"), "a.mp4");
        b = TestMedia.copy(TestMedia.mp3(), media.resolve("day1"), "b.mp3");
        c = TestMedia.copy(TestMedia.png(), media.resolve("day2/sub"), "c.png");
        for (Path p : List.of(a, b, c)) age(p, Duration.ofHours(1));
        assertThat(scan(dam, media).added()).isEqualTo(3);
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private Optional<Location> location(Path p) {
        return allLocations(dam).stream().filter(l -> l.path().equals(p.toString())).findFirst();
    }

    @Test
    void rescanMarksWhatItNoLongerFindsMissing() throws Exception {
        long aId = at(dam, a).asset().id();
        Files.delete(a);
        deleteTree(media.resolve("day2"));

        ScanReport r = scan(dam, media);

        assertThat(r.missing()).isEqualTo(2);
        assertThat(location(a)).hasValueSatisfying(l -> assertThat(l.missing()).isTrue());
        assertThat(location(c)).hasValueSatisfying(l -> assertThat(l.missing()).isTrue());
        assertThat(location(b)).hasValueSatisfying(l -> assertThat(l.missing()).isFalse());
        assertThat(dam.assets().details(aId).orElseThrow().asset().status()).isEqualTo(AssetStatus.MISSING);
        // Nothing more to mark the next time.
        assertThat(scan(dam, media).missing()).isZero();
    }

    @Test
    void scanningOneFileOrASubfolderMarksNothingElse() throws Exception {
        Files.delete(a);
        assertThat(scan(dam, b).missing()).isZero();
        assertThat(scan(dam, media.resolve("day2")).missing()).isZero();
        assertThat(location(a)).hasValueSatisfying(l -> assertThat(l.missing()).isFalse());
        assertThat(scan(dam, media.resolve("day1")).missing()).isEqualTo(1);
    }

    @Test
    void contentsOfAnUnreadableFolderAreNotMarkedMissing() throws Exception {
        Path locked = media.resolve("day2/sub");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            long missing;
            List<String> problems;
            if (!Files.isReadable(locked)) {
                ScanReport r = scan(dam, media);
                missing = r.missing();
                problems = r.problems().stream().map(ScanReport.Problem::path).toList();
            } else {
                // The superuser reads it anyway: the scan runs in a JVM of its own without that power.
                dam.close();
                List<String> said = scanWithoutReadingPower(tmp.resolve("home"), media);
                dam = openDam(tmp.resolve("home"), "1");
                missing = Long.parseLong(said.getFirst());
                problems = said.subList(1, said.size());
            }
            assertThat(problems).contains(locked.toString());
            assertThat(missing).isZero();
            assertThat(location(c)).hasValueSatisfying(l -> assertThat(l.missing()).isFalse());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * Runs {@link #main} under setpriv without the capabilities that let the superuser read past
     * permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH); its lines: the missing count, then the problems' paths.
     */
    private static List<String> scanWithoutReadingPower(Path home, Path root) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--bounding-set=-dac_override,-dac_read_search",
                ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                ScanMissingTest.class.getName(), home.toString(), root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines;
        try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            lines = out.lines().toList();
        }
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("the scan in a JVM of its own: %s", lines).isZero();
        return lines;
    }

    /** The child of {@link #scanWithoutReadingPower}: scans {@code args[1]} into the library at {@code args[0]}. */
    public static void main(String[] args) {
        try (Dam d = openDam(Path.of(args[0]), "1")) {
            ScanReport r = scan(d, Path.of(args[1]));
            System.out.println(r.missing());
            r.problems().forEach(pr -> System.out.println(pr.path()));
        }
    }

    @Test
    void aOneShotScanWaitsForFilesStillBeingWritten() throws Exception {
        Path fresh = TestMedia.copy(TestMedia.webm(), media.resolve("day3"), "fresh.webm"); // modified just now
        List<Integer> waits = new ArrayList<>();

        ScanReport r = dam.settledScan().scan(List.of(media), dam.scanOptions(Optional.empty(), 2), Duration.ofSeconds(30),
                waits::add, Actor.commandLine());

        assertThat(r.deferred()).isZero();
        assertThat(r.deferredFiles()).isEmpty();
        assertThat(r.added()).isEqualTo(1);
        assertThat(waits).isNotEmpty().allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(at(dam, fresh).asset().status()).isEqualTo(AssetStatus.OK);
    }

    @Test
    void aFileStillGrowingAtTheBoundIsReportedByName() throws Exception {
        Path growing = media.resolve("day3/growing.mp4");
        Files.createDirectories(growing.getParent());
        byte[] content = Files.readAllBytes(TestMedia.h264Mp4());
        // The file exists before the scan starts (a writer thread started late would leave nothing to find).
        OutputStream first = Files.newOutputStream(growing);
        first.write(content, 0, 1024);
        first.flush();
        Thread writer = Thread.ofPlatform().daemon(true).start(() -> {
            try (OutputStream out = first) {
                for (int i = 1; i < 40 && !Thread.currentThread().isInterrupted(); i++) {
                    out.write(content, 0, 1024);
                    out.flush();
                    Thread.sleep(100); // a slow writer
                }
            } catch (Exception e) {
                // interrupted: the test is over
            }
        });
        try {
            ScanReport r = dam.settledScan().scan(List.of(media), dam.scanOptions(Optional.empty(), 2),
                    Duration.ofMillis(1500), n -> { }, Actor.commandLine());
            assertThat(r.deferred()).isEqualTo(1);
            assertThat(r.deferredFiles()).containsExactly(growing.toString());
            assertThat(location(growing)).isEmpty();
        } finally {
            writer.interrupt();
            writer.join();
        }
    }
}
