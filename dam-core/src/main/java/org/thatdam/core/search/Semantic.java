package org.thatdam.core.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.model.Scene;
import org.thatdam.model.SceneText;
import org.thatdam.model.StoredVector;
import org.thatdam.search.IndexedAsset;
import org.thatdam.search.IndexedScene;

/**
 * What the catalog knows of some assets' insides, read in one go for the index: their scenes and beats,
 * the text on screen in them, and the stored vectors of the assets and the scenes.
 */
record Semantic(Map<Long, List<Scene>> scenes, Map<Long, List<SceneText>> texts,
        Map<Long, List<StoredVector>> assetVectors, Map<Long, List<StoredVector>> sceneVectors) {

    static Semantic read(CatalogSession s, Collection<Long> assetIds) {
        if (assetIds.isEmpty()) return new Semantic(Map.of(), Map.of(), Map.of(), Map.of());
        return new Semantic(s.scenes().forAssets(assetIds), s.sceneTexts().forAssets(assetIds),
                s.embeddings().forAssets(assetIds), s.embeddings().forScenesOfAssets(assetIds));
    }

    /** {@code a} with its vectors and scenes. */
    IndexedAsset add(IndexedAsset a) {
        List<Scene> list = scenes.getOrDefault(a.id(), List.of());
        List<StoredVector> own = assetVectors.getOrDefault(a.id(), List.of());
        if (list.isEmpty() && own.isEmpty()) return a;
        List<IndexedScene> out = new ArrayList<>(list.size());
        for (Scene sc : list) {
            Map<String, float[]> v = byModel(sceneVectors.getOrDefault(sc.id(), List.of()));
            out.add(new IndexedScene(sc.id(), sc.level(), sc.startSec(), sc.endSec(), text(texts.get(sc.id())),
                    v.get(IndexedAsset.TEXT_MODEL), v.get(IndexedAsset.VISUAL_MODEL)));
        }
        return a.withSemantic(byModel(own), out);
    }

    /** A scene's lines of text in reading order, one string; null when it has none. */
    private static String text(List<SceneText> lines) {
        if (lines == null || lines.isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        for (SceneText t : lines) {
            if (t.text() == null || t.text().isBlank()) continue;
            if (!b.isEmpty()) b.append(' ');
            b.append(t.text().strip());
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static Map<String, float[]> byModel(List<StoredVector> vectors) {
        Map<String, float[]> m = new HashMap<>();
        for (StoredVector v : vectors) m.put(v.model(), v.vector());
        return m;
    }
}
