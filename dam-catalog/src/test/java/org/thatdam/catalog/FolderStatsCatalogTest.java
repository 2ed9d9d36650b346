package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.catalog.testing.CatalogEngines;
import org.thatdam.model.AssetKind;
import org.thatdam.model.FolderStats;
import org.thatdam.model.Location;

/**
 * A folder's sub-folders and files from the path index, with names that sort around the separator
 * ("a b", "a-b", "a.b" before "a/"; "a0" after it), files between sub-folders, names outside the
 * Basic Multilingual Plane, and one asset with files in two sub-folders.
 */
@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class FolderStatsCatalogTest {

    @Parameter CatalogUrl.Engine engine;
    @TempDir Path dir;
    CatalogUrl url;
    Catalog catalog;

    @BeforeEach
    void open() {
        url = CatalogEngines.url(engine, dir);
        catalog = Catalogs.open(url);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private void file(String path, long size, double duration, Long sameAssetAs) {
        catalog.update(s -> {
            long id = sameAssetAs != null ? sameAssetAs : s.assets().insertAsset(AssetKind.VIDEO, path, null, 1);
            if (sameAssetAs == null) {
                s.assets().addVersion(id, size, "h" + id, SqliteCatalogTest.video(duration, 320, 240), null, 1);
            }
            s.assets().insertLocation(id, path, size, 1, null, "h" + id, 1);
        });
    }

    @Test
    void subFoldersFilesAndTotals() {
        file("/r/a b/1.mp4", 10, 1, null);
        file("/r/a-b/x/2.mp4", 20, 2, null);
        file("/r/a.b.mp4", 30, 3, null);
        file("/r/a/3.mp4", 40, 4, null);
        file("/r/a/deep/er/4.mp4", 50, 5, null);
        file("/r/a0.mp4", 60, 6, null);
        file("/r/b\uD83C\uDFAC/5.mp4", 70, 7, null);
        file("/r/z.mp4", 80, 8, null);
        file("/r/zz/6.mp4", 90, 9, 1L); // the asset of "/r/a b/1.mp4" again
        file("/rest/7.mp4", 100, 10, null); // next to the folder, not in it
        catalog.update(s -> s.assets().setLocationMissing(s.assets().locationByPath("/r/a/3.mp4").orElseThrow().id(), true, 2));

        List<FolderStats> subs = catalog.read(s -> s.assets().subfolders("/r/"));
        assertThat(subs).extracting(FolderStats::name).containsExactly("a b", "a-b", "a", "b\uD83C\uDFAC", "zz");
        FolderStats a = subs.get(2);
        assertThat(a).isEqualTo(new FolderStats("a", 2, 2, 1, 90, 9, true));
        assertThat(subs.get(0).hasSubfolders()).isFalse();
        assertThat(subs.get(1).hasSubfolders()).isTrue();
        assertThat(subs.get(4)).isEqualTo(new FolderStats("zz", 1, 1, 1, 90, 1, false));

        FolderStats files = catalog.read(s -> s.assets().filesIn("/r/"));
        assertThat(files).isEqualTo(new FolderStats(null, 3, 3, 3, 170, 17, false));
        List<Location> page = catalog.read(s -> s.assets().locationsIn("/r/", 2, 1));
        assertThat(page).extracting(Location::path).containsExactly("/r/a0.mp4", "/r/z.mp4");
        FolderStats all = FolderStats.of(null, files, subs);
        assertThat(all.files()).isEqualTo(9);
        assertThat(all.presentFiles()).isEqualTo(8);
        assertThat(all.sizeBytes()).isEqualTo(450);

        List<FolderStats> inA = catalog.read(s -> s.assets().subfolders("/r/a/"));
        assertThat(inA).containsExactly(new FolderStats("deep", 1, 1, 1, 50, 5, true));
        List<FolderStats> none = catalog.read(s -> s.assets().subfolders("/r/nothing/"));
        assertThat(none).isEmpty();
        FolderStats noFiles = catalog.read(s -> s.assets().filesIn("/r/nothing/"));
        assertThat(noFiles).isEqualTo(new FolderStats(null, 0, 0, 0, 0, 0, false));
    }
}
