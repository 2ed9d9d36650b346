package org.thatdam.core.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetKind;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.Location;
import org.thatdam.storage.FileNames;

/**
 * The folder tree over a real catalog: a generated tree of catalogued files (inserted through
 * the catalog, with their folders made on disk; the bench lists one of 10,000) plus one clip
 * found by a real scan.
 *
 * <pre>
 * tree/                      root
 *   a00 … a03/               80 files each
 *     b00 … b03/             20 files each
 *       c00 … c03/           5 files: clip-NNNNN.mp4, 2.5 s and 1,000 bytes each
 *   real/short.mp4           scanned by the real scanner
 *   empty/                   on disk, nothing catalogued
 *   .hidden/                 on disk, hidden
 * gone/                      a second root whose folder is deleted after cataloguing (offline)
 * </pre>
 */
class FolderServiceTest {

    static final int FILES = 320;

    @TempDir
    static Path tmp;
    static Dam dam;
    static Path tree;
    static String treeText;
    static FolderService folders;

    @BeforeAll
    static void generate() throws Exception {
        dam = DamTesting.openDam(tmp);
        tree = Files.createDirectories(tmp.resolve("tree")).toRealPath();
        treeText = FileNames.text(tree);
        dam.roots().addRoot(tree, Actor.commandLine());
        for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) for (int c = 0; c < 4; c++) {
            Files.createDirectories(tree.resolve(dir(a, b, c)));
        }
        MediaInfo video = new MediaInfo(AssetKind.VIDEO, "mov,mp4", 2.5, 1000L, 320, 240, 25.0, "h264", null, null, null,
                null, null, null, null, null, null, null, null, null, List.of(), null);
        dam.catalog().update(s -> {
            long now = 1_700_000_000_000L;
            for (int i = 0; i < FILES; i++) {
                String path = treeText + "/" + dir(i / 80, i / 20 % 4, i / 5 % 4) + String.format(Locale.ROOT, "/clip-%05d.mp4", i);
                String hash = String.format(Locale.ROOT, "%016x", i * 0x9E3779B97F4A7C15L);
                long id = s.assets().insertAsset(AssetKind.VIDEO, "clip-" + i, null, now);
                s.assets().addVersion(id, 1000, hash, video, null, now);
                s.assets().insertLocation(id, path, 1000, now, null, hash, now);
            }
        });
        TestMedia.copy(TestMedia.shortClip(), Files.createDirectories(tree.resolve("real")), "short.mp4");
        DamTesting.scan(dam, tree.resolve("real"));
        Files.createDirectories(tree.resolve("empty"));
        Files.createDirectories(tree.resolve(".hidden"));
        Path gone = Files.createDirectories(tmp.resolve("gone"));
        TestMedia.copy(TestMedia.shortClip(), gone, "away.mp4");
        dam.roots().addRoot(gone, Actor.commandLine());
        DamTesting.scan(dam, gone);
        Files.delete(gone.resolve("away.mp4"));
        Files.delete(gone);
        folders = dam.folders();
    }

    @AfterAll
    static void close() {
        dam.close();
    }

    private static String dir(int a, int b, int c) {
        return String.format(Locale.ROOT, "a%02d/b%02d/c%02d", a, b, c);
    }

    @Test
    void withoutAPathTheRootsAreListedWithTheirTotalsAndAnOfflineRootSaysSo() throws Exception {
        FolderListing top = folders.list(null, 50, 0);
        assertThat(top.folder()).isNull();
        assertThat(top.files()).isEmpty();
        assertThat(top.folders()).extracting(Folder::path).containsExactlyInAnyOrder(treeText, FileNames.text(tmp.toRealPath().resolve("gone")));
        Folder root = top.folders().stream().filter(f -> f.path().equals(treeText)).findFirst().orElseThrow();
        assertThat(root.files()).isEqualTo(FILES + 1);
        assertThat(root.assets()).isEqualTo(FILES + 1);
        assertThat(root.durationSec()).isCloseTo(FILES * 2.5 + shortClipSeconds(), within(0.01));
        assertThat(root.hasSubfolders()).isTrue();
        assertThat(root.missing()).isFalse();
        assertThat(root.offline()).isFalse();
        Folder gone = top.folders().stream().filter(f -> !f.path().equals(treeText)).findFirst().orElseThrow();
        assertThat(gone.offline()).isTrue();
        assertThat(gone.missing()).isTrue();
        assertThat(gone.files()).isEqualTo(1);
    }

    @Test
    void aRootListsItsFoldersWithCountsDurationsAndSizesAndThoseOnDiskWithoutMedia() {
        FolderListing root = folders.list(treeText, 50, 0);
        assertThat(root.root()).isEqualTo(treeText);
        assertThat(root.parent()).isNull();
        assertThat(root.folder().path()).isEqualTo(treeText);
        assertThat(root.total()).isZero();
        assertThat(root.folders()).extracting(Folder::name).containsExactly("a00", "a01", "a02", "a03", "empty", "real");
        Folder a03 = root.folders().get(3);
        assertThat(a03.path()).isEqualTo(treeText + "/a03");
        assertThat(a03.files()).isEqualTo(80);
        assertThat(a03.assets()).isEqualTo(80);
        assertThat(a03.sizeBytes()).isEqualTo(80_000);
        assertThat(a03.durationSec()).isCloseTo(200, within(0.001));
        assertThat(a03.hasSubfolders()).isTrue();
        assertThat(a03.catalogued()).isTrue();
        assertThat(a03.missing()).isFalse();
        Folder empty = root.folders().get(4);
        assertThat(empty.catalogued()).isFalse();
        assertThat(empty.files()).isZero();
        Folder real = root.folders().get(5);
        assertThat(real.hasSubfolders()).isFalse();
        assertThat(real.files()).isEqualTo(1);
    }

    @Test
    void aDeepFolderListsAPageOfItsFilesWithTheirAssets() {
        String leaf = treeText + "/" + dir(2, 1, 3);
        FolderListing page = folders.list(leaf, 2, 2);
        assertThat(page.parent()).isEqualTo(treeText + "/a02/b01");
        assertThat(page.folder().name()).isEqualTo("c03");
        assertThat(page.folders()).isEmpty();
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.files()).extracting(FolderFile::name).containsExactly("clip-00197.mp4", "clip-00198.mp4");
        FolderFile f = page.files().get(0);
        assertThat(f.path()).isEqualTo(leaf + "/clip-00197.mp4");
        assertThat(f.missing()).isFalse();
        assertThat(f.asset().title()).isEqualTo("clip-197");
        assertThat(f.asset().durationSec()).isEqualTo(2.5);
        // the middle of the tree: its folders only
        FolderListing mid = folders.list(treeText + "/a02/", 50, 0);
        assertThat(mid.folders()).hasSize(4).allSatisfy(x -> assertThat(x.files()).isEqualTo(20));
        assertThat(mid.total()).isZero();
        // a real scanned clip
        FolderListing real = folders.list(treeText + "/real", 50, 0);
        assertThat(real.files()).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo("short.mp4");
            assertThat(x.asset().durationSec()).isPositive();
        });
    }

    @Test
    void foldersWhoseFilesAreAllMissingOrThatAreGoneFromDiskAreMissing() throws Exception {
        String b03 = treeText + "/a03/b03";
        List<Location> under = new java.util.ArrayList<>();
        dam.catalog().read(s -> {
            s.assets().forEachLocationUnder(b03 + "/", under::add);
            return null;
        });
        assertThat(under).hasSize(20);
        dam.catalog().update(s -> under.forEach(l -> s.assets().setLocationMissing(l.id(), true, 0)));
        Files.delete(tree.resolve("a01/b01/c01"));
        try {
            Folder a03b03 = folders.list(treeText + "/a03", 50, 0).folders().get(3);
            assertThat(a03b03.name()).isEqualTo("b03");
            assertThat(a03b03.missing()).isTrue();
            FolderListing c00 = folders.list(b03 + "/c00", 50, 0);
            assertThat(c00.folder().missing()).isTrue();
            assertThat(c00.files()).allSatisfy(f -> assertThat(f.missing()).isTrue());
            assertThat(folders.list(treeText + "/a03", 50, 0).folder().missing()).isFalse();
            FolderListing b01 = folders.list(treeText + "/a01/b01", 50, 0);
            assertThat(b01.folders().get(1).name()).isEqualTo("c01");
            assertThat(b01.folders().get(1).missing()).isTrue();
            assertThat(b01.folders().get(0).missing()).isFalse();
            // a folder gone from disk still lists what the catalog knows of it
            assertThat(folders.list(treeText + "/a01/b01/c01", 50, 0).total()).isEqualTo(5);
        } finally {
            dam.catalog().update(s -> under.forEach(l -> s.assets().setLocationMissing(l.id(), false, 0)));
            Files.createDirectories(tree.resolve("a01/b01/c01"));
        }
    }

    @Test
    void anOfflineRootStillListsItsCatalogue() throws Exception {
        FolderListing gone = folders.list(FileNames.text(tmp.toRealPath().resolve("gone")), 50, 0);
        assertThat(gone.folder().offline()).isTrue();
        assertThat(gone.files()).singleElement().satisfies(f -> assertThat(f.name()).isEqualTo("away.mp4"));
    }

    @Test
    void onlyFoldersOfTheLibraryCanBeListed() throws Exception {
        assertCode(() -> folders.list("/etc", 50, 0), ErrorCode.NOT_FOUND, "not inside a library root: /etc");
        assertCode(() -> folders.list(treeText + "/../gone/../../..", 50, 0), ErrorCode.NOT_FOUND, "not inside a library root");
        assertCode(() -> folders.list(treeText + "/..", 50, 0), ErrorCode.NOT_FOUND, "not inside a library root");
        assertCode(() -> folders.list(treeText + "x", 50, 0), ErrorCode.NOT_FOUND, "not inside a library root");
        assertCode(() -> folders.list("tree/a01", 50, 0), ErrorCode.BAD_PATH, "absolute");
        assertCode(() -> folders.list("/a\0b", 50, 0), ErrorCode.BAD_PATH, "NUL");
        assertCode(() -> folders.list(treeText + "/nowhere", 50, 0), ErrorCode.NOT_FOUND, "no such folder in the library");
        assertCode(() -> folders.list(treeText + "/real/short.mp4", 50, 0), ErrorCode.INVALID, "is a file, not a folder");
        assertCode(() -> folders.list(treeText, 0, 0), ErrorCode.INVALID, "limit");
        assertCode(() -> folders.list(treeText, 50, -1), ErrorCode.INVALID, "offset");
        // a link inside a root that leads out of it is not followed
        Path out = Files.createDirectories(tmp.resolve("outside/secret"));
        Files.createSymbolicLink(tree.resolve("link"), out.getParent());
        try {
            assertCode(() -> folders.list(treeText + "/link", 50, 0), ErrorCode.NOT_FOUND, "no such folder in the library");
            assertThat(folders.list(treeText, 50, 0).folders()).extracting(Folder::name).doesNotContain("link");
        } finally {
            Files.delete(tree.resolve("link"));
        }
    }

    @Test
    void aRootReplacedByALinkIsOfflineAndNothingIsListedThroughTheLink() throws Exception {
        Path swapped = Files.createDirectories(tmp.resolve("swapped")).toRealPath();
        dam.roots().addRoot(swapped, Actor.commandLine());
        String root = FileNames.text(swapped);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/private"));
        Files.delete(swapped);
        Files.createSymbolicLink(swapped, elsewhere.getParent());
        try {
            FolderListing listed = folders.list(root, 50, 0);
            assertThat(listed.folder().offline()).isTrue();
            assertThat(listed.folders()).as("nothing read through the link").isEmpty();
            assertCode(() -> folders.list(root + "/private", 50, 0), ErrorCode.NOT_FOUND, "no such folder in the library");
            assertThat(folders.list(null, 50, 0).folders()).filteredOn(f -> f.path().equals(root)).singleElement()
                    .satisfies(f -> assertThat(f.offline()).isTrue());
        } finally {
            Files.delete(swapped);
            dam.roots().removeRoot(swapped, Actor.commandLine()); // the other tests know two roots
        }
    }

    @Test
    void aFolderWithNothingCataloguedSaysSoOfItself() {
        FolderListing empty = folders.list(treeText + "/empty", 50, 0);
        assertThat(empty.folder().catalogued()).isFalse();
        assertThat(empty.folder().missing()).isFalse();
        assertThat(folders.list(treeText + "/a01", 50, 0).folder().catalogued()).isTrue();
    }

    private static double shortClipSeconds() {
        return dam.assets().list(org.thatdam.model.AssetQuery.all(20_000)).stream()
                .filter(a -> a.title().equals("short")).findFirst().orElseThrow().durationSec();
    }
}
