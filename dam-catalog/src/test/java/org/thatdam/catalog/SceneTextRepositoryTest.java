package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.catalog.testing.CatalogEngines;
import org.thatdam.model.Change;
import org.thatdam.model.Scene;
import org.thatdam.model.SceneText;

/** On-screen text is stored per scene in order, replaced per scene, gone with its scene, and logged for its asset. */
@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class SceneTextRepositoryTest {

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

    /** The beats of a new analysis of {@code asset}: two scenes, the first with two beats, the second one. */
    List<Scene> beats(long asset) {
        long version = catalog.read(s -> s.assets().versions(asset)).get(0).id();
        List<Scene> stored = catalog.write(s -> s.scenes().replace(asset, version, List.of(
                SceneRepositoryTest.scene(0, 4, 2), SceneRepositoryTest.scene(4, 10, 1))));
        return stored.stream().filter(sc -> sc.level() == 2).toList();
    }

    List<SceneText> of(long scene) {
        return catalog.read(s -> s.sceneTexts().forScene(scene));
    }

    Map<Long, List<SceneText>> ofAssets(List<Long> assets) {
        return catalog.read(s -> s.sceneTexts().forAssets(assets));
    }

    static SceneText text(String text, double confidence, double y) {
        return new SceneText(0, 0, text, confidence, 0.1, y, 0.5, 0.1);
    }

    @Test
    void storesReplacesAndListsTextPerScene() {
        long a = helper.addAsset("/m/a.mp4", null, 100, "h1");
        long b = helper.addAsset("/m/b.mp4", null, 200, "h2");
        List<Scene> beatsA = beats(a);
        List<Scene> beatsB = beats(b);
        long first = beatsA.get(0).id(), second = beatsA.get(1).id(), other = beatsB.get(0).id();

        catalog.update(s -> {
            s.sceneTexts().replaceForScene(first, List.of(text("Q3 roadmap", 0.98, 0.2), text("Launch", 0.9, 0.5)));
            s.sceneTexts().replaceForScene(second, List.of(text("Thanks", 0.8, 0.4)));
            s.sceneTexts().replaceForScene(other, List.of(text("Elsewhere", 0.7, 0.4)));
        });

        assertThat(of(first)).containsExactly(
                new SceneText(first, 0, "Q3 roadmap", 0.98, 0.1, 0.2, 0.5, 0.1),
                new SceneText(first, 1, "Launch", 0.9, 0.1, 0.5, 0.5, 0.1));
        Map<Long, List<SceneText>> ofA = ofAssets(List.of(a));
        assertThat(ofA).containsOnlyKeys(first, second);
        assertThat(ofA.get(second)).extracting(SceneText::text).containsExactly("Thanks");
        assertThat(ofAssets(List.of(a, b))).containsOnlyKeys(first, second, other);
        assertThat(ofAssets(List.of())).isEmpty();

        catalog.update(s -> {
            s.sceneTexts().replaceForScene(first, List.of(text("Q4 plan", 0.95, 0.3)));
        });
        assertThat(of(first)).extracting(SceneText::text, SceneText::ordinal)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Q4 plan", 0));

        catalog.update(s -> {
            s.sceneTexts().replaceForScene(second, List.of());
        });
        assertThat(of(second)).isEmpty();

        // read, with or without text, until told otherwise
        assertThat(read(a)).containsExactlyInAnyOrder(first, second);
        assertThat(read(b)).containsExactly(other);
        catalog.update(s -> s.sceneTexts().markUnread(List.of(first)));
        assertThat(read(a)).containsExactly(second);
        assertThat(of(first)).isNotEmpty();
    }

    @Test
    void textGoesWithItsScenesAndIsLoggedAsAChangeOfItsAsset() {
        long a = helper.addAsset("/m/a.mp4", null, 100, "h1");
        long beat = beats(a).get(0).id();

        long before = catalog.read(s -> s.changes().lastSeq());
        catalog.update(s -> {
            s.sceneTexts().replaceForScene(beat, List.of(text("Q3 roadmap", 0.98, 0.2)));
        });
        List<Change> changes = catalog.read(s -> s.changes().since(before, 100));
        assertThat(changes).extracting(Change::assetId).containsOnly(a)
                .isNotEmpty();

        beats(a); // a new analysis replaces the scenes: their text goes with them
        assertThat(of(beat)).isEmpty();
        assertThat(ofAssets(List.of(a))).isEmpty();
    }

    private java.util.Set<Long> read(long assetId) {
        return catalog.read(s -> s.sceneTexts().readScenes(assetId));
    }
}
