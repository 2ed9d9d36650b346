package org.thatdam.core.library;

import org.thatdam.model.Actor;
import org.thatdam.model.DamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thatdam.core.testing.DamTesting.age;
import static org.thatdam.core.testing.DamTesting.all;
import static org.thatdam.core.testing.DamTesting.allLocations;
import static org.thatdam.core.testing.DamTesting.at;
import static org.thatdam.core.testing.DamTesting.filesOnly;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;
import static org.thatdam.core.testing.DamTesting.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.Location;
import org.thatdam.core.Dam;
import org.thatdam.model.ScanReport;
import org.thatdam.core.testing.DamTesting.FileState;
import org.thatdam.media.testing.TestMedia;

/** Files that move, get copied, disappear and come back. */
class PruneAndMoveTest {

    @TempDir
    Path tmp;
    Path media;
    Dam dam;
    Path a, b, c;

    @BeforeEach
    void setUp() throws Exception {
        media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        dam = openDam(tmp);
        a = TestMedia.copy(TestMedia.h264Mp4(), media.resolve("day1"), "a.mp4");
        b = TestMedia.copy(TestMedia.mp3(), media.resolve("day1"), "b.mp3");
        c = TestMedia.copy(TestMedia.png(), media.resolve("day2"), "c.png");
        for (Path p : List.of(a, b, c)) {
            age(p, Duration.ofHours(5));
        }
        ScanReport r = scan(dam, media);
        assertThat(r.added()).isEqualTo(3);
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    @Test
    void movedFileKeepsItsAssetAndOnlyTheNewLocation() throws Exception {
        long id = at(dam, a).asset().id();
        Path moved = Files.createDirectories(media.resolve("sorted/2024")).resolve("renamed.mp4");
        Files.move(a, moved);

        ScanReport r = scan(dam, media);

        assertThat(r.added()).isZero();
        assertThat(r.updated()).isEqualTo(1);
        assertThat(r.unchanged()).isEqualTo(2);
        AssetDetails d = at(dam, moved);
        assertThat(d.asset().id()).isEqualTo(id);
        assertThat(d.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(d.asset().path()).isEqualTo(moved.toString());
        assertThat(d.asset().batch()).isEqualTo("day1"); // the asset's grouping does not follow the folder
        assertThat(d.locations()).extracting(Location::path).containsExactly(moved.toString());
        assertThat(d.versions()).hasSize(1);
        assertThatThrownBy(() -> at(dam, a)).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));
        assertThat(all(dam)).hasSize(3);
        assertThat(allLocations(dam)).hasSize(3);

        // Nothing left for prune to find.
        PruneReport p = dam.roots().prune(false, false, Actor.commandLine());
        assertThat(p.missingLocations()).isZero();
        assertThat(p.checked()).isEqualTo(3);
    }

    @Test
    void movedFileIsRecognisedAfterPruneMarkedItMissing() throws Exception {
        long id = at(dam, b).asset().id();
        Path moved = media.resolve("day2/b-moved.mp3");
        Files.move(b, moved);
        dam.roots().prune(false, false, Actor.commandLine());
        assertThat(dam.assets().details(id).orElseThrow().asset().status()).isEqualTo(AssetStatus.MISSING);

        ScanReport r = scan(dam, media);

        assertThat(r.updated()).isEqualTo(1);
        AssetDetails d = at(dam, moved);
        assertThat(d.asset().id()).isEqualTo(id);
        assertThat(d.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(d.asset().error()).isNull();
        assertThat(d.locations()).extracting(Location::path).containsExactly(moved.toString());
    }

    @Test
    void duplicatedFileIsOneAssetWithTwoLocations() throws Exception {
        long id = at(dam, a).asset().id();
        Path copy = TestMedia.copy(a, media.resolve("backup"), "a copy.mp4");

        ScanReport r = scan(dam, media);

        assertThat(r.added()).isZero();
        assertThat(r.updated()).isEqualTo(1);
        assertThat(all(dam)).hasSize(3);
        AssetDetails viaCopy = at(dam, copy);
        assertThat(viaCopy.asset().id()).isEqualTo(id);
        assertThat(viaCopy.locations()).extracting(Location::path)
                .containsExactlyInAnyOrder(a.toString(), copy.toString());
        assertThat(viaCopy.locations()).noneMatch(Location::missing);
        assertThat(viaCopy.versions()).hasSize(1);
        assertThat(at(dam, a).asset().id()).isEqualTo(id);

        // One copy deleted: the asset is fine, one location is missing.
        Files.delete(copy);
        PruneReport p = dam.roots().prune(false, false, Actor.commandLine());
        assertThat(p.missingLocations()).isEqualTo(1);
        assertThat(p.missingAssets()).isZero();
        AssetDetails d = dam.assets().details(id).orElseThrow();
        assertThat(d.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(d.asset().path()).isEqualTo(a.toString()); // the present file is the primary one
        assertThat(d.locations()).filteredOn(Location::missing).extracting(Location::path)
                .containsExactly(copy.toString());
    }

    @Test
    void duplicatesFoundInTheSameScanAreOneAsset() throws Exception {
        Path d1 = TestMedia.copy(TestMedia.webm(), media.resolve("cardA"), "x.webm");
        Path d2 = TestMedia.copy(TestMedia.webm(), media.resolve("cardB"), "x.webm");
        Path d3 = TestMedia.copy(TestMedia.webm(), media.resolve("cardC"), "y.webm");

        ScanReport r = scan(dam, media);

        assertThat(r.added()).isEqualTo(1);
        assertThat(r.updated()).isEqualTo(2);
        long id = at(dam, d1).asset().id();
        assertThat(at(dam, d2).asset().id()).isEqualTo(id);
        assertThat(at(dam, d3).asset().id()).isEqualTo(id);
        assertThat(dam.assets().details(id).orElseThrow().locations()).hasSize(3);
        assertThat(dam.assets().details(id).orElseThrow().versions()).hasSize(1);
        assertThat(all(dam)).hasSize(4);
    }

    @Test
    void deletedFileIsMarkedMissingByPruneDryRunChangesNothingAndPurgeForgetsIt() throws Exception {
        Map<String, FileState> before = filesOnly(snapshot(media));
        long id = at(dam, b).asset().id();
        List<Asset> catalogBefore = all(dam);
        Path aside = tmp.resolve("aside.mp3");
        Files.move(b, aside); // "deleted" from the library's point of view

        PruneReport dry = dam.roots().prune(true, false, Actor.commandLine());
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.checked()).isEqualTo(3);
        assertThat(dry.missingLocations()).isEqualTo(1);
        assertThat(dry.missingAssets()).isEqualTo(1);
        assertThat(dry.missingPaths()).containsExactly(b.toString());
        assertThat(all(dam)).isEqualTo(catalogBefore); // nothing written
        assertThat(allLocations(dam)).noneMatch(Location::missing);

        PruneReport real = dam.roots().prune(false, false, Actor.commandLine());
        assertThat(real.dryRun()).isFalse();
        assertThat(real.missingLocations()).isEqualTo(1);
        assertThat(real.missingAssets()).isEqualTo(1);
        assertThat(real.purgedAssets()).isZero();
        AssetDetails missing = dam.assets().details(id).orElseThrow();
        assertThat(missing.asset().status()).isEqualTo(AssetStatus.MISSING);
        assertThat(missing.asset().error()).contains("no file left");
        assertThat(missing.locations()).singleElement().satisfies(l -> assertThat(l.missing()).isTrue());
        assertThat(dam.assets().list(new AssetQuery(null, null, AssetStatus.MISSING, null, 10, 0)))
                .extracting(Asset::id).containsExactly(id);
        assertThat(at(dam, a).asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(at(dam, c).asset().status()).isEqualTo(AssetStatus.OK);
        // Pruning again changes nothing more.
        PruneReport again = dam.roots().prune(false, false, Actor.commandLine());
        assertThat(again.missingLocations()).isEqualTo(1);
        assertThat(dam.assets().details(id).orElseThrow().asset().status()).isEqualTo(AssetStatus.MISSING);

        // Purge dry-run: still there.
        PruneReport purgeDry = dam.roots().prune(true, true, Actor.commandLine());
        assertThat(purgeDry.missingPaths()).containsExactly(b.toString());
        assertThat(dam.assets().details(id)).isPresent();
        assertThat(allLocations(dam)).hasSize(3);

        PruneReport purge = dam.roots().prune(false, true, Actor.commandLine());
        assertThat(purge.purgedAssets()).isEqualTo(1);
        assertThat(purge.purgedLocations()).isEqualTo(1);
        assertThat(purge.missingAssets()).isZero();
        assertThat(dam.assets().details(id)).isEmpty();
        assertThatThrownBy(() -> dam.assets().resolve(Long.toString(id))).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));
        assertThat(all(dam)).hasSize(2);
        assertThat(allLocations(dam)).extracting(Location::path).containsExactlyInAnyOrder(a.toString(), c.toString());

        // Files were never touched: the remaining ones and the one moved aside are byte-identical.
        Map<String, FileState> after = filesOnly(snapshot(media));
        Map<String, FileState> expected = new java.util.TreeMap<>(before);
        FileState bState = expected.remove("day1/b.mp3");
        assertThat(after).isEqualTo(expected);
        assertThat(org.thatdam.core.testing.DamTesting.sha256(aside)).isEqualTo(bState.sha256());
        assertThat(Files.getLastModifiedTime(aside).toMillis()).isEqualTo(bState.mtimeMillis());

        // Back after a purge: a new asset.
        Files.move(aside, b);
        ScanReport r = scan(dam, media);
        assertThat(r.added()).isEqualTo(1);
        assertThat(at(dam, b).asset().id()).isNotEqualTo(id); // ids are never reused
    }

    @Test
    void restoredFileBringsTheAssetBackOnRescan() throws Exception {
        long id = at(dam, b).asset().id();
        Path aside = tmp.resolve("aside.mp3");
        Files.move(b, aside);
        dam.roots().prune(false, false, Actor.commandLine());
        assertThat(dam.assets().details(id).orElseThrow().asset().status()).isEqualTo(AssetStatus.MISSING);

        Files.move(aside, b); // same bytes, same mtime, same inode
        ScanReport r = scan(dam, media);

        assertThat(r.unchanged()).isEqualTo(3);
        AssetDetails d = dam.assets().details(id).orElseThrow();
        assertThat(d.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(d.asset().error()).isNull();
        assertThat(d.locations()).singleElement().satisfies(l -> assertThat(l.missing()).isFalse());
        assertThat(d.versions()).hasSize(1);
    }

    @Test
    void restoredFromABackupWithANewDateAlsoBringsTheAssetBack() throws Exception {
        long id = at(dam, b).asset().id();
        Path backup = Files.copy(b, tmp.resolve("backup.mp3"));
        Files.delete(b);
        dam.roots().prune(false, false, Actor.commandLine());
        assertThat(dam.assets().details(id).orElseThrow().asset().status()).isEqualTo(AssetStatus.MISSING);

        Files.copy(backup, b); // same bytes; new inode and modification time
        age(b, Duration.ofMinutes(10));
        ScanReport r = scan(dam, media);

        assertThat(r.unchanged()).isEqualTo(3);
        assertThat(r.added() + r.updated()).isZero();
        AssetDetails d = dam.assets().details(id).orElseThrow();
        assertThat(d.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(d.asset().error()).isNull();
        assertThat(d.locations()).singleElement().satisfies(l -> assertThat(l.missing()).isFalse());
        assertThat(d.versions()).hasSize(1);
    }

    @Test
    void pruneNoticesRestoredFilesWithoutARescan() throws Exception {
        long id = at(dam, c).asset().id();
        Path aside = tmp.resolve("aside.png");
        Files.move(c, aside);
        dam.roots().prune(false, false, Actor.commandLine());
        Files.move(aside, c);

        PruneReport p = dam.roots().prune(false, false, Actor.commandLine());

        assertThat(p.missingLocations()).isZero();
        assertThat(p.restoredLocations()).isEqualTo(1);
        AssetDetails d = dam.assets().details(id).orElseThrow();
        assertThat(d.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(d.locations()).noneMatch(Location::missing);
    }

    @Test
    void restoredFailedFileGoesBackToFailedNotOk() throws Exception {
        Path zero = TestMedia.copy(TestMedia.zeroBytes(), media.resolve("day3"), "zero.mp4");
        age(zero, Duration.ofHours(1));
        scan(dam, media);
        long id = at(dam, zero).asset().id();
        Path aside = tmp.resolve("zero.mp4");
        Files.move(zero, aside);
        dam.roots().prune(false, false, Actor.commandLine());
        assertThat(dam.assets().details(id).orElseThrow().asset().status()).isEqualTo(AssetStatus.MISSING);

        Files.move(aside, zero, StandardCopyOption.ATOMIC_MOVE);
        scan(dam, media);

        Asset back = dam.assets().details(id).orElseThrow().asset();
        assertThat(back.status()).isEqualTo(AssetStatus.FAILED);
        assertThat(back.error()).isEqualTo("empty file (0 bytes)");
    }
}
