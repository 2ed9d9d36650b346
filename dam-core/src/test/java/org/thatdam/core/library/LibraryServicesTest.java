package org.thatdam.core.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thatdam.core.testing.DamTesting.all;
import static org.thatdam.core.testing.DamTesting.at;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;
import static org.thatdam.core.testing.DamTesting.scanWithBatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.Batch;
import org.thatdam.model.CatalogStats;
import org.thatdam.model.LibraryRoot;
import org.thatdam.core.Dam;
import org.thatdam.model.ScanReport;
import org.thatdam.media.testing.TestMedia;

/** Batches, roots and lookups: the library operations besides scanning. */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(org.thatdam.catalog.CatalogUrl.Engine.class)
class LibraryServicesTest {

    @org.junit.jupiter.params.Parameter
    org.thatdam.catalog.CatalogUrl.Engine engine;

    @TempDir
    Path tmp;
    Path media;
    Dam dam;

    @BeforeEach
    void setUp() throws Exception {
        media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        dam = openDam(tmp, engine);
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    // ------------------------------------------------------------ batches

    @Test
    void batchIsTheParentFolderNameUnlessOverridden() {
        Path trip1 = TestMedia.copy(TestMedia.h264Mp4(), media.resolve("Trip A"), "1.mp4");
        Path trip2 = TestMedia.copy(TestMedia.mp3(), media.resolve("Trip A/audio"), "2.mp3");
        Path card = TestMedia.copy(TestMedia.png(), tmp.resolve("card/DCIM"), "3.png");
        Path card2 = TestMedia.copy(TestMedia.wav(), tmp.resolve("card/DCIM/100"), "4.wav");

        scan(dam, media);
        ScanReport r = scanWithBatch(dam, "  Wedding 2024  ", tmp.resolve("card"));

        assertThat(r.added()).isEqualTo(2);
        assertThat(at(dam, trip1).asset().batch()).isEqualTo("Trip A");
        assertThat(at(dam, trip2).asset().batch()).isEqualTo("audio");
        assertThat(at(dam, card).asset().batch()).isEqualTo("Wedding 2024"); // stripped
        assertThat(at(dam, card2).asset().batch()).isEqualTo("Wedding 2024");
        assertThat(dam.batches().batches()).extracting(Batch::name)
                .containsExactly("audio", "Trip A", "Wedding 2024"); // case-insensitive name order
        Batch wedding = dam.batches().batch("Wedding 2024");
        assertThat(wedding.assetCount()).isEqualTo(2);
        assertThat(wedding.totalDurationSec()).isBetween(0.9, 1.2); // the wav; the png has no duration
        assertThat(dam.assets().list(new AssetQuery("Wedding 2024", null, null, null, 10, 0)))
                .extracting(Asset::path).containsExactlyInAnyOrder(card.toString(), card2.toString());
        assertThat(dam.assets().list(new AssetQuery("Trip A", AssetKind.VIDEO, null, null, 10, 0)))
                .extracting(Asset::path).containsExactly(trip1.toString());
        assertThatThrownBy(() -> dam.batches().batch("nope")).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND))
                .hasMessageContaining("nope");
    }

    @Test
    void assignRenameAndDeleteBatches() {
        Path in1 = TestMedia.copy(TestMedia.h264Mp4(), media.resolve("best"), "a.mp4");
        Path in2 = TestMedia.copy(TestMedia.mp3(), media.resolve("best/sub"), "b.mp3");
        Path similarName = TestMedia.copy(TestMedia.png(), media.resolve("best-of"), "c.png"); // not under best/
        Path other = TestMedia.copy(TestMedia.wav(), media.resolve("rest"), "d.wav");
        scan(dam, media);

        int n = dam.batches().assignBatch(media.resolve("best"), " Highlights ", Actor.commandLine());

        assertThat(n).isEqualTo(2);
        assertThat(at(dam, in1).asset().batch()).isEqualTo("Highlights");
        assertThat(at(dam, in2).asset().batch()).isEqualTo("Highlights");
        assertThat(at(dam, similarName).asset().batch()).isEqualTo("best-of");
        assertThat(at(dam, other).asset().batch()).isEqualTo("rest");
        assertThat(dam.batches().batch("Highlights").assetCount()).isEqualTo(2);
        assertThat(dam.batches().batch("best").assetCount()).isZero(); // the old grouping stays, empty

        dam.batches().renameBatch("Highlights", "Greatest", Actor.commandLine());
        assertThat(at(dam, in1).asset().batch()).isEqualTo("Greatest");
        assertThatThrownBy(() -> dam.batches().batch("Highlights")).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> dam.batches().renameBatch("Greatest", "rest", Actor.commandLine()))
                .isInstanceOf(DamException.class).hasMessageContaining("already exists")
                .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(org.thatdam.model.ErrorCode.CONFLICT));
        assertThatThrownBy(() -> dam.batches().renameBatch("no such", "x", Actor.commandLine()))
                .isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND)).hasMessageContaining("no such");
        assertThatThrownBy(() -> dam.batches().renameBatch("Greatest", " ", Actor.commandLine()))
                .isInstanceOf(DamException.class);
        assertThat(at(dam, in1).asset().batch()).isEqualTo("Greatest");

        dam.batches().deleteBatch("Greatest", Actor.commandLine());

        assertThat(all(dam)).hasSize(4); // assets stay
        assertThat(at(dam, in1).asset().batch()).isNull();
        assertThat(at(dam, in2).asset().batch()).isNull();
        assertThat(at(dam, other).asset().batch()).isEqualTo("rest");
        assertThat(Files.exists(in1)).isTrue();
        assertThat(dam.batches().batches()).extracting(Batch::name).doesNotContain("Greatest");
        assertThatThrownBy(() -> dam.batches().deleteBatch("Greatest", Actor.commandLine())).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));
        CatalogStats stats = dam.assets().stats();
        assertThat(stats.assets()).isEqualTo(4);
        assertThat(stats.byBatch()).anySatisfy(g -> {
            assertThat(g.key()).isEqualTo("(none)");
            assertThat(g.count()).isEqualTo(2);
        });
        // A rescan does not put them back into a batch by folder name.
        scan(dam, media);
        assertThat(at(dam, in1).asset().batch()).isNull();
    }

    @Test
    void assignBatchReachesEveryFileUnderTheFolderWhateverItsName() {
        Path folder = media.resolve("mix");
        List<Path> files = List.of(
                TestMedia.copy(TestMedia.h264Mp4(), folder, "plain.mp4"),
                TestMedia.copy(TestMedia.mp3(), folder, "Été ✓.mp3"),
                TestMedia.copy(TestMedia.png(), folder, "🎬 clapper.png"), // outside the BMP
                TestMedia.copy(TestMedia.wav(), folder.resolve("𝄞 music"), "take.wav"),
                TestMedia.copy(TestMedia.shortClip(), folder, "\uffff-edge.mp4"));
        Path outside = TestMedia.copy(TestMedia.webm(), media.resolve("mix🎬"), "x.webm"); // a sibling, not under mix/
        scan(dam, media);
        assertThat(all(dam)).hasSize(6);

        int n = dam.batches().assignBatch(folder, "Mix", Actor.commandLine());

        assertThat(n).isEqualTo(5);
        for (Path f : files) {
            assertThat(at(dam, f).asset().batch()).as(f.toString()).isEqualTo("Mix");
        }
        assertThat(at(dam, outside).asset().batch()).isEqualTo("mix🎬");
    }

    @Test
    void assignBatchValidatesItsArguments() {
        TestMedia.copy(TestMedia.mp3(), media.resolve("x"), "a.mp3");
        scan(dam, media);
        assertThatThrownBy(() -> dam.batches().assignBatch(media.resolve("x"), "  ", Actor.commandLine()))
                .isInstanceOf(DamException.class).hasMessage("batch name is empty");
        assertThatThrownBy(() -> dam.batches().assignBatch(media.resolve("x"), "a\tb", Actor.commandLine()))
                .isInstanceOf(DamException.class).hasMessage("batch name contains a control character (U+0009) at position 2");
        assertThatThrownBy(() -> dam.batches().assignBatch(media.resolve("x"), "n".repeat(201), Actor.commandLine()))
                .isInstanceOf(DamException.class).hasMessageContaining("200");
        assertThatThrownBy(() -> dam.batches().assignBatch(media.resolve("nope"), "B", Actor.commandLine()))
                .isInstanceOf(DamException.class).hasMessageContaining("no such folder");
        assertThat(dam.batches().assignBatch(media.resolve("x"), "n".repeat(200), Actor.commandLine()))
                .isEqualTo(1);
        assertThat(dam.batches().batches()).extracting(Batch::name).doesNotContain("", "a\tb");
    }

    // ------------------------------------------------------------ lookups

    @Test
    void resolveFindsAssetsByIdAbsoluteOrRelativePathAndLinks() throws Exception {
        Path clip = TestMedia.copy(TestMedia.shortClip(), media.resolve("d"), "clip.mp4");
        scan(dam, media);
        long id = at(dam, clip).asset().id();

        assertThat(dam.assets().resolve(" " + id + " ").asset().id()).isEqualTo(id);
        Path link = Files.createSymbolicLink(tmp.resolve("shortcut.mp4"), clip);
        assertThat(dam.assets().resolve(link.toString()).asset().id()).isEqualTo(id);
        assertThat(dam.assets().resolve(media.resolve("d/../d/clip.mp4").toString()).asset().id()).isEqualTo(id);
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(dam.assets().resolve(cwd.relativize(clip).toString()).asset().id()).isEqualTo(id);
        assertThatThrownBy(() -> dam.assets().resolve("999999")).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND))
                .hasMessageContaining("999999");
        assertThatThrownBy(() -> dam.assets().resolve(media.resolve("d/other.mp4").toString()))
                .isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> dam.assets().resolve("  ")).isInstanceOf(DamException.class);
    }

    // ------------------------------------------------------------ roots

    @Test
    void rootsCanBeAddedListedAndRemoved() throws Exception {
        Path one = Files.createDirectories(media.resolve("one"));
        Path two = Files.createDirectories(media.resolve("two"));
        Path viaLink = Files.createSymbolicLink(tmp.resolve("link-to-one"), one);

        assertThat(dam.roots().roots()).isEmpty();
        assertThat(dam.roots().addRoot(two, Actor.commandLine())).isTrue();
        assertThat(dam.roots().addRoot(one, Actor.commandLine())).isTrue();
        assertThat(dam.roots().addRoot(one, Actor.commandLine())).isFalse(); // already there
        assertThat(dam.roots().addRoot(viaLink, Actor.commandLine())).isFalse(); // same folder, stored by its real path
        assertThat(dam.roots().addRoot(media.resolve("one/../one"), Actor.commandLine())).isFalse();
        assertThat(dam.roots().roots()).extracting(LibraryRoot::path)
                .containsExactly(one.toString(), two.toString());
        assertThat(dam.roots().roots()).allSatisfy(r -> assertThat(r.addedAt()).isNotNull());

        dam.roots().removeRoot(viaLink, Actor.commandLine()); // by any name of the folder
        assertThat(dam.roots().roots()).extracting(LibraryRoot::path).containsExactly(two.toString());
        assertThatThrownBy(() -> dam.roots().removeRoot(one, Actor.commandLine())).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND))
                .hasMessageContaining(one.toString());

        // A root whose folder has gone can still be removed.
        Files.delete(two);
        dam.roots().removeRoot(two, Actor.commandLine());
        assertThat(dam.roots().roots()).isEmpty();
        assertThat(Files.exists(one)).isTrue();
    }

    @Test
    void refusedRootsNameTheReasonAndLeaveTheRootsAsTheyWere() throws Exception {
        Path footage = Files.createDirectories(media.resolve("footage"));
        Path inside = Files.createDirectories(footage.resolve("2024"));
        Path linkToInside = Files.createSymbolicLink(tmp.resolve("shortcut"), inside);
        Path home = tmp.resolve("home").toRealPath();
        Path linkToHome = Files.createSymbolicLink(media.resolve("data"), home);
        assertThat(dam.roots().addRoot(footage, Actor.commandLine())).isTrue();

        assertThatThrownBy(() -> dam.roots().addRoot(inside, Actor.commandLine())).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.INVALID))
                .hasMessage(inside + " is inside the library root " + footage + ", which already covers it");
        // compared by real path: a link to a folder inside a root is inside that root
        assertThatThrownBy(() -> dam.roots().addRoot(linkToInside, Actor.commandLine())).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.INVALID))
                .hasMessageContaining("inside the library root " + footage);
        assertThatThrownBy(() -> dam.roots().addRoot(media, Actor.commandLine())).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.INVALID))
                .hasMessage(media + " contains the library root " + footage + ": remove that root first");
        assertThatThrownBy(() -> dam.roots().addRoot(home, Actor.commandLine())).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.INVALID))
                .hasMessage(home + " is the library's own data folder");
        assertThatThrownBy(() -> dam.roots().addRoot(linkToHome.resolve("derivatives"), Actor.commandLine()))
                .isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.INVALID)).hasMessageContaining("inside the library's own data folder " + home);
        assertThatThrownBy(() -> dam.roots().addRoot(Path.of("/"), Actor.commandLine())).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.INVALID))
                .hasMessageContaining("whole file system");
        assertThatThrownBy(() -> dam.roots().addRoot(Path.of("/proc/self"), Actor.commandLine())).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.INVALID))
                .hasMessageContaining("inside the system folder /proc");
        assertThat(dam.roots().roots()).extracting(LibraryRoot::path).containsExactly(footage.toString());

        // A root whose folder is away (an unplugged disk) still counts.
        Path disks = Files.createDirectories(tmp.resolve("disks")).toRealPath();
        Path away = Files.createDirectories(disks.resolve("away"));
        assertThat(dam.roots().addRoot(away, Actor.commandLine())).isTrue();
        Files.delete(away);
        assertThatThrownBy(() -> dam.roots().addRoot(disks, Actor.commandLine())).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.INVALID))
                .hasMessageContaining("contains the library root " + away);

        // Once the narrower root is removed, the wider folder is fine.
        dam.roots().removeRoot(footage, Actor.commandLine());
        assertThat(dam.roots().addRoot(media, Actor.commandLine())).isTrue();
        assertThat(dam.roots().root(media)).map(LibraryRoot::path).hasValue(media.toString());
    }

    @Test
    void rootErrors() throws Exception {
        Path file = TestMedia.copy(TestMedia.mp3(), media, "a.mp3");
        assertThatThrownBy(() -> dam.roots().addRoot(media.resolve("does-not-exist"), Actor.commandLine()))
                .isInstanceOf(DamException.class).hasMessageContaining("no such folder")
                .hasMessageContaining("does-not-exist");
        assertThatThrownBy(() -> dam.roots().addRoot(file, Actor.commandLine()))
                .isInstanceOf(DamException.class).hasMessageContaining("not a folder");
        assertThatThrownBy(() -> dam.roots().removeRoot(media.resolve("never-added"), Actor.commandLine()))
                .isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND)).hasMessageContaining("not a library root");
        assertThatThrownBy(() -> dam.roots().removeRoot(media, Actor.commandLine()))
                .isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));
        assertThat(dam.roots().roots()).isEmpty();
    }

    @Test
    void rootsSurviveReopeningTheLibrary() throws Exception {
        Path one = Files.createDirectories(media.resolve("one"));
        dam.roots().addRoot(one, Actor.commandLine());
        dam.close();
        dam = openDam(tmp, engine);
        assertThat(dam.roots().roots()).extracting(LibraryRoot::path).containsExactly(one.toString());
    }
}
