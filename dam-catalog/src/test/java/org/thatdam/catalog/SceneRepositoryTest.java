package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.catalog.testing.CatalogEngines;
import org.thatdam.catalog.SceneRepository.NewBeat;
import org.thatdam.catalog.SceneRepository.NewScene;
import org.thatdam.model.Change;
import org.thatdam.model.Scene;

/** Scenes and beats are stored per asset, replaced as a whole, ordered, and logged as changes of their asset. */
@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class SceneRepositoryTest {

    @Parameter CatalogUrl.Engine engine;
    @TempDir Path dir;
    CatalogUrl url;
    Catalog catalog;
    SqliteCatalogTest helper = new SqliteCatalogTest();

    @BeforeEach
    void open() {
        url = CatalogEngines.url(engine, dir);
        catalog = Catalogs.open(url);
        helper.catalog = catalog;
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    static NewScene scene(double start, double end, int beats) {
        double step = (end - start) / beats;
        List<NewBeat> bs = new java.util.ArrayList<>();
        for (int i = 0; i < beats; i++) {
            double s = start + i * step;
            bs.add(new NewBeat(s, s + step, s + step / 2, "scenes/b" + s + ".jpg", 12.5));
        }
        return new NewScene(start, end, start + step / 2, bs.get(0).keyframe(), 0.8, bs);
    }

    @Test
    void replaceStoresScenesThenBeatsInOrderWithTheirParents() {
        long a = helper.addAsset("/m/a.mp4", null, 100, "h1");
        long b = helper.addAsset("/m/b.mp4", null, 200, "h2");
        long version = catalog.read(s -> s.assets().versions(a)).get(0).id();

        List<Scene> stored = catalog.write(s -> s.scenes().replace(a, version,
                List.of(scene(0, 4, 2), scene(4, 10, 3))));
        assertThat(stored).hasSize(7);
        assertThat(stored).extracting(Scene::level).containsExactly(1, 1, 2, 2, 2, 2, 2);
        List<Scene> scenes = stored.subList(0, 2);
        List<Scene> beats = stored.subList(2, 7);
        assertThat(scenes).extracting(Scene::ordinal).containsExactly(0, 1);
        assertThat(beats).extracting(Scene::ordinal).containsExactly(0, 1, 2, 3, 4);
        assertThat(beats).extracting(Scene::parentId).containsExactly(scenes.get(0).id(), scenes.get(0).id(),
                scenes.get(1).id(), scenes.get(1).id(), scenes.get(1).id());
        assertThat(beats.get(2).startSec()).isEqualTo(4.0);
        assertThat(beats.get(2).keyframeSec()).isEqualTo(5.0);
        assertThat(beats.get(2).keyframe()).isEqualTo("scenes/b4.0.jpg");
        assertThat(scenes.get(1).score()).isEqualTo(0.8);
        assertThat(scenes).allMatch(s -> s.parentId() == null && s.versionId() == version && s.assetId() == a);
        Optional<Scene> first = catalog.read(s -> s.scenes().get(beats.get(0).id()));
        assertThat(first).contains(beats.get(0));
        List<Scene> listed = catalog.read(s -> s.scenes().list(a));
        assertThat(listed).isEqualTo(stored);

        catalog.write(s -> s.scenes().replace(b, version, List.of(scene(0, 3, 1))));
        long seq = catalog.read(s -> s.changes().lastSeq());
        List<Scene> again = catalog.write(s -> s.scenes().replace(a, version, List.of(scene(0, 10, 1))));
        assertThat(again).hasSize(2);
        Optional<Scene> gone = catalog.read(s -> s.scenes().get(scenes.get(0).id()));
        assertThat(gone).isEmpty();
        List<Change> changes = catalog.read(s -> s.changes().since(seq, 100));
        assertThat(changes).isNotEmpty().allMatch(c -> c.assetId() == a);

        Map<Long, List<Scene>> both = catalog.read(s -> s.scenes().forAssets(List.of(a, b, 999L)));
        assertThat(both).containsOnlyKeys(a, b);
        assertThat(both.get(b)).hasSize(2);

        catalog.update(s -> s.assets().delete(a));
        List<Scene> ofA = catalog.read(s -> s.scenes().list(a));
        List<Scene> ofB = catalog.read(s -> s.scenes().list(b));
        assertThat(ofA).as("cascades with the asset").isEmpty();
        assertThat(ofB).hasSize(2);
    }
}
