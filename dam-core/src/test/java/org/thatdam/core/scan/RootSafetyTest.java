package org.thatdam.core.scan;

import org.thatdam.model.Actor;
import org.thatdam.model.DamException;

import org.thatdam.model.ScanReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thatdam.core.testing.DamTesting.age;
import static org.thatdam.core.testing.DamTesting.allLocations;
import static org.thatdam.core.testing.DamTesting.openDam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Location;
import org.thatdam.core.Dam;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.library.PruneReport;
import org.thatdam.media.testing.TestMedia;

/**
 * The scans of a running library (through {@link ScanService}) stay inside the library roots, stop
 * for a root that is removed, and never take an unplugged drive's files for gone; prune neither.
 */
class RootSafetyTest {

    @TempDir
    Path tmp;
    Dam dam;
    Path root;
    Path a, b;

    @BeforeEach
    void setUp() throws Exception {
        dam = openDam(tmp);
        root = Files.createDirectories(tmp.resolve("card")).toRealPath();
        a = TestMedia.copy(TestMedia.mkv(), root.resolve("day1"), "a.mkv");
        b = TestMedia.copy(TestMedia.png(), root, "b.png");
        for (Path p : List.of(a, b)) age(p, Duration.ofHours(1));
        dam.roots().addRoot(root, Actor.commandLine());
        assertThat(scan(List.of(), List.of()).added()).isEqualTo(2);
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    ScanReport scan(List<Path> targets, List<Path> gone) throws Exception {
        return dam.scans().submit(targets, gone, ScanService.Trigger.API).report().get(60, TimeUnit.SECONDS);
    }

    List<Location> locations() {
        return allLocations(dam);
    }

    static List<String> problems(ScanReport r) {
        return r.problems().stream().map(p -> p.path() + ": " + p.error()).toList();
    }

    @Test
    void aFolderReplacedByALinkToOutsideIsNotScannedNorIsAnythingBelowIt() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        TestMedia.copy(TestMedia.webm(), outside, "secret.webm");
        age(outside.resolve("secret.webm"), Duration.ofHours(1));
        Path day = root.resolve("day2");
        Files.createSymbolicLink(day, outside);

        // As the watcher hands them over: the folder, and a file whose parent is the link.
        ScanReport r = scan(List.of(day, day.resolve("secret.webm")), List.of());

        assertThat(locations()).extracting(Location::path).allMatch(p -> p.startsWith(root + "/"));
        assertThat(r.added()).isZero();
        assertThat(problems(r)).hasSize(2).allMatch(p -> p.contains("not inside a library root"));
    }

    @Test
    void aQueuedScanOfARemovedRootScansNothing() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("usr-like")).toRealPath();
        age(TestMedia.copy(TestMedia.png(), other, "c.png"), Duration.ofHours(1));
        dam.roots().addRoot(other, Actor.commandLine());
        dam.roots().removeRoot(other, Actor.commandLine());

        ScanReport r = scan(List.of(other), List.of());

        assertThat(r.scanned()).isZero();
        assertThat(locations()).extracting(Location::path).noneMatch(p -> p.startsWith(other.toString()));
        assertThat(problems(r)).singleElement().asString().contains("not inside a library root");
    }

    @Test
    void removingARootStopsItsRunningScan() throws Exception {
        Path big = Files.createDirectories(tmp.resolve("big")).toRealPath();
        // Events come once a commit group is committed: the first holds Scanner.GROUP_MAX_FILES at most,
        // and the next one fills meanwhile.
        int files = 4 * Scanner.GROUP_MAX_FILES;
        for (int i = 0; i < files; i++) age(TestMedia.copy(TestMedia.png(), big.resolve("f" + (i / 10)), "p" + i + ".png"),
                Duration.ofHours(1));
        dam.roots().addRoot(big, Actor.commandLine());
        AtomicInteger ingested = new AtomicInteger();
        dam.events().subscribe(e -> {
            if (e instanceof DamEvent.AssetIngested i && i.path().startsWith(big.toString()) && ingested.incrementAndGet() == 3) {
                dam.roots().removeRoot(big, Actor.commandLine());
                dam.scans().rootsRemoved();
            }
        });

        ScanReport r = scan(List.of(big), List.of());

        assertThat(problems(r)).anyMatch(p -> p.contains("stopped: " + big + " is no longer inside a library root"));
        long catalogued = locations().stream().filter(l -> l.path().startsWith(big + "/")).count();
        assertThat(catalogued).as("the walk stopped soon after the root was removed").isLessThan(3 * Scanner.GROUP_MAX_FILES);
        assertThat(r.goneLocations()).isZero();
    }

    @Test
    void anUnpluggedDriveMarksNothingMissingInAScanNorInPrune() throws Exception {
        Path away = Files.move(root, tmp.resolve("card-away"));

        ScanReport r = scan(List.of(), List.of());
        assertThat(problems(r)).singleElement().asString()
                .contains("root folder " + root + " is not there (an unplugged drive?): nothing marked missing");
        assertThat(r.missing()).isZero();
        assertThat(locations()).noneMatch(Location::missing);

        // The watcher's "gone" paths under an absent root are left alone too.
        ScanReport g = scan(List.of(), List.of(a));
        assertThat(g.goneLocations()).isZero();
        assertThat(locations()).noneMatch(Location::missing);

        PruneReport p = dam.roots().prune(false, true, Actor.commandLine());
        assertThat(p.unavailableRoots()).containsExactly(root.toString());
        assertThat(p.missingLocations()).isZero();
        assertThat(p.purgedAssets()).isZero();
        assertThat(locations()).hasSize(2);

        assertThatThrownBy(() -> dam.scans().checkInsideRoot(root.toString()))
                .isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND)).hasMessage("no such folder: " + root);
        Files.move(away, root);
    }

    @Test
    void anEmptyRootFolderIsAnUnmountedDriveNotDeletedFiles() throws Exception {
        Path keep = Files.createDirectories(tmp.resolve("keep"));
        Files.move(a.getParent(), keep.resolve("day1"));
        Files.move(b, keep.resolve("b.png"));

        ScanReport r = scan(List.of(), List.of());
        assertThat(problems(r)).singleElement().asString()
                .contains("root folder " + root + " is empty while the catalog holds present files under it");
        assertThat(r.missing()).isZero();
        assertThat(locations()).noneMatch(Location::missing);

        PruneReport p = dam.roots().prune(true, true, Actor.commandLine());
        assertThat(p.unavailableRoots()).containsExactly(root.toString());
        assertThat(p.missingLocations()).isZero();
    }

    @Test
    void aMovedFileIsNotCountedMissingButADeletedOneIs() throws Exception {
        Path moved = Files.move(a, root.resolve("a-renamed.mkv"));
        // As a watcher batch has it: the old path is gone, the new one is a target.
        ScanReport r = scan(List.of(moved), List.of(a));
        assertThat(r.missing()).as("report %s", r).isZero();
        assertThat(r.updated()).isEqualTo(1);

        Files.delete(b);
        ScanReport d = scan(List.of(), List.of(b));
        assertThat(d.missing()).isEqualTo(1);
        assertThat(d.goneLocations()).isEqualTo(1);
    }
}
