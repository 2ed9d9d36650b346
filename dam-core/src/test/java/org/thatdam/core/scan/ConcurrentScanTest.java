package org.thatdam.core.scan;

import org.thatdam.model.ScanReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.all;
import static org.thatdam.core.testing.DamTesting.allLocations;
import static org.thatdam.core.testing.DamTesting.openDam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.Location;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.media.testing.TestMedia;

/** Two scans of the same folder at the same time must not catalogue anything twice. */
@Timeout(120)
class ConcurrentScanTest {

    @TempDir
    Path tmp;
    Path media;
    Dam dam;
    List<Path> files;
    Path zero;

    @BeforeEach
    void setUp() throws Exception {
        media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        dam = openDam(tmp);
        files = new ArrayList<>(List.of(
                TestMedia.copy(TestMedia.h264Mp4(), media.resolve("a"), "h264.mp4"),
                TestMedia.copy(TestMedia.mkv(), media.resolve("a"), "clip.mkv"),
                TestMedia.copy(TestMedia.webm(), media.resolve("b"), "clip.webm"),
                TestMedia.copy(TestMedia.mp3(), media.resolve("b"), "tone.mp3"),
                TestMedia.copy(TestMedia.wav(), media.resolve("c"), "tone.wav"),
                TestMedia.copy(TestMedia.png(), media.resolve("c"), "frame.png"),
                TestMedia.copy(TestMedia.shortClip(), media.resolve("c"), "short.mp4"),
                TestMedia.copy(TestMedia.aviCinepak(), media.resolve("d"), "cinepak.avi")));
        zero = TestMedia.copy(TestMedia.zeroBytes(), media.resolve("d"), "zero.mp4");
        files.add(zero);
        // Same content twice: one asset with two locations, whichever scan sees which copy first.
        files.add(TestMedia.copy(TestMedia.h264Mp4(), media.resolve("e"), "h264 copy.mp4"));
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    private List<ScanReport> scanTwiceAtOnce(Dam first, Dam second) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<ScanReport>> runs = new ArrayList<>();
            for (Dam d : List.of(first, second)) {
                runs.add(threads.submit(() -> {
                    start.await();
                    return d.scanner().scan(List.of(media), d.scanOptions(Optional.empty(), 3));
                }));
            }
            List<ScanReport> reports = new ArrayList<>();
            for (Future<ScanReport> f : runs) {
                reports.add(f.get(100, TimeUnit.SECONDS)); // rethrows anything a scan threw
            }
            return reports;
        } finally {
            threads.shutdownNow();
        }
    }

    private void assertCataloguedExactlyOnce(List<ScanReport> reports) {
        for (ScanReport r : reports) {
            assertThat(r.problems()).as("%s", r).allSatisfy(p -> assertThat(p.path()).isEqualTo(zero.toString()));
        }
        List<Location> locations = allLocations(dam);
        assertThat(locations).extracting(Location::path)
                .containsExactlyInAnyOrderElementsOf(files.stream().map(Path::toString).toList()); // each path once
        List<Asset> assets = all(dam);
        assertThat(assets).hasSize(files.size() - 1); // the two h264 copies are one asset
        assertThat(assets).filteredOn(a -> a.status() == AssetStatus.FAILED).extracting(Asset::path)
                .containsExactly(zero.toString());
        Map<Long, Long> locationsPerAsset = locations.stream()
                .collect(Collectors.groupingBy(Location::assetId, Collectors.counting()));
        assertThat(locationsPerAsset.values()).containsOnly(1L, 2L);
        assertThat(locationsPerAsset.values().stream().filter(n -> n == 2)).hasSize(1);
        for (Asset a : assets) {
            AssetDetails d = dam.assets().details(a.id()).orElseThrow();
            assertThat(d.versions()).as("versions of %s", a.path()).hasSize(1); // content seen twice is not a new version
        }
        // Between them the two scans added each asset once, and every file was looked at by both.
        assertThat(reports.stream().mapToLong(ScanReport::added).sum()).isEqualTo(files.size() - 2); // good assets
        for (ScanReport r : reports) {
            assertThat(r.scanned()).isEqualTo(files.size());
            assertThat(r.added() + r.updated() + r.unchanged() + r.failed()).isEqualTo(files.size());
        }
        // And the catalog agrees with a third, quiet scan.
        ScanReport after = dam.scanner().scan(List.of(media), dam.scanOptions(Optional.empty(), 2));
        assertThat(after.unchanged()).isEqualTo(files.size());
        assertThat(after.added() + after.updated() + after.failed()).isZero();
    }

    @RepeatedTest(3)
    void twoScansOfTheSameFolderAtOnceInOneLibrary() throws Exception {
        assertCataloguedExactlyOnce(scanTwiceAtOnce(dam, dam));
    }

    @Test
    void twoLibrariesOnTheSameHomeScanningAtOnce() throws Exception {
        // Like two processes: separate connection pools and write locks on one SQLite file.
        try (Dam other = openDam(tmp)) {
            assertCataloguedExactlyOnce(scanTwiceAtOnce(dam, other));
        }
    }
}
