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
import org.thatdam.model.StoredVector;

@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class EmbeddingRepositoryTest {

    @Parameter CatalogUrl.Engine engine;
    @TempDir Path dir;
    CatalogUrl url;
    Catalog catalog;
    final SqliteCatalogTest helper = new SqliteCatalogTest();

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

    @Test
    void assetVectorsRoundTripExactlyAndReplacePerModel() {
        long a = helper.addAsset("/m/a.mp4", null, 100, "h1");
        long b = helper.addAsset("/m/b.mp4", null, 200, "h2");
        float[] v = {0.6f, -0.8f, Float.MIN_VALUE, 1e-7f};
        catalog.update(s -> s.embeddings().putAsset(a, new StoredVector("text", "s1", v)));
        catalog.update(s -> s.embeddings().putAsset(a, new StoredVector("visual", "s9", new float[] {1, 0})));

        StoredVector back = catalog.read(s -> s.embeddings().forAsset(a, "text")).orElseThrow();
        assertThat(back.sourceHash()).isEqualTo("s1");
        assertThat(back.vector()).containsExactly(v);

        catalog.update(s -> s.embeddings().putAsset(a, new StoredVector("text", "s2", new float[] {0, 1, 0, 0})));
        Map<Long, List<StoredVector>> all = catalog.read(s -> s.embeddings().forAssets(List.of(a, b)));
        assertThat(all).containsOnlyKeys(a);
        assertThat(all.get(a)).extracting(StoredVector::model).containsExactly("text", "visual");
        assertThat(all.get(a).get(0).sourceHash()).isEqualTo("s2");
        assertThat(all.get(a).get(0).vector()).containsExactly(0, 1, 0, 0);

        catalog.update(s -> s.embeddings().deleteAsset(a, "visual"));
        java.util.Optional<StoredVector> visual = catalog.read(s -> s.embeddings().forAsset(a, "visual"));
        assertThat(visual).isEmpty();
        Map<Long, List<StoredVector>> none = catalog.read(s -> s.embeddings().forAssets(List.of()));
        assertThat(none).isEmpty();
    }

    @Test
    void theBlobIsFloat32LittleEndian() throws Exception {
        long a = helper.addAsset("/m/a.mp4", null, 100, "h1");
        catalog.update(s -> s.embeddings().putAsset(a, new StoredVector("text", "s", new float[] {1.0f})));
        byte[] blob;
        try (java.sql.Connection c = CatalogEngines.connect(url);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT vector FROM asset_embedding")) {
            assertThat(rs.next()).isTrue();
            blob = rs.getBytes(1);
        }
        // 1.0f = 0x3F800000, least significant byte first
        assertThat(blob).containsExactly(0x00, 0x00, (byte) 0x80, 0x3F);
    }

    @Test
    void writesLeaveChangeRowsAndAssetDeletionCascades() {
        long a = helper.addAsset("/m/a.mp4", null, 100, "h1");
        long before = catalog.read(s -> s.changes().lastSeq());
        catalog.update(s -> s.embeddings().putAsset(a, new StoredVector("text", "s", new float[] {1, 0})));
        catalog.update(s -> s.embeddings().putAsset(a, new StoredVector("text", "t", new float[] {0, 1})));
        catalog.update(s -> s.embeddings().deleteAsset(a, "text"));
        List<org.thatdam.model.Change> changes = catalog.read(s -> s.changes().since(before, 100));
        assertThat(changes).hasSize(3)
                .allMatch(c -> c.assetId() == a);

        catalog.update(s -> s.embeddings().putAsset(a, new StoredVector("text", "s", new float[] {1, 0})));
        catalog.update(s -> s.assets().delete(a));
        Map<Long, List<StoredVector>> gone = catalog.read(s -> s.embeddings().forAssets(List.of(a)));
        assertThat(gone).isEmpty();
    }

    @Test
    void sceneVectorsAreKeyedBySceneAndGoWithTheirScenes() {
        long a = helper.addAsset("/m/a.mp4", null, 100, "h1");
        long v = catalog.read(s -> s.assets().versions(a)).get(0).id();
        List<org.thatdam.model.Scene> scenes = catalog.write(s -> s.scenes().replace(a, v, List.of(
                new SceneRepository.NewScene(0, 2, 1.0, "k1.jpg", 0.9, List.of()),
                new SceneRepository.NewScene(2, 4, 3.0, "k2.jpg", 0.8, List.of()))));
        long s1 = scenes.get(0).id();
        long s2 = scenes.get(1).id();
        long before = catalog.read(s -> s.changes().lastSeq());
        catalog.update(s -> {
            s.embeddings().putScene(s1, a, new StoredVector("text", "x", new float[] {1, 0}));
            s.embeddings().putScene(s1, a, new StoredVector("visual", "y", new float[] {0, 1}));
            s.embeddings().putScene(s2, a, new StoredVector("text", "z", new float[] {0.5f, 0.5f}));
        });
        List<org.thatdam.model.Change> changes = catalog.read(s -> s.changes().since(before, 100));
        assertThat(changes).hasSize(3).allMatch(c -> c.assetId() == a);

        Map<Long, List<StoredVector>> byScene = catalog.read(s -> s.embeddings().forScenesOfAssets(List.of(a)));
        assertThat(byScene).containsOnlyKeys(s1, s2);
        assertThat(byScene.get(s1)).extracting(StoredVector::model).containsExactly("text", "visual");
        java.util.Optional<StoredVector> one = catalog.read(s -> s.embeddings().forScene(s2, "text"));
        assertThat(one.orElseThrow().vector()).containsExactly(0.5f, 0.5f);

        // analysing the video again replaces its scenes: their vectors go with them
        catalog.write(s -> s.scenes().replace(a, v, List.of()));
        Map<Long, List<StoredVector>> after = catalog.read(s -> s.embeddings().forScenesOfAssets(List.of(a)));
        assertThat(after).isEmpty();
    }

    @Test
    void manyAssetsAreReadInChunks() {
        long a = helper.addAsset("/m/a.mp4", null, 100, "h1");
        catalog.update(s -> s.embeddings().putAsset(a, new StoredVector("text", "s", new float[] {1})));
        List<Long> ids = new java.util.ArrayList<>();
        for (long i = 1_000_000; i < 1_002_500; i++) ids.add(i);
        ids.add(a);
        Map<Long, List<StoredVector>> found = catalog.read(s -> s.embeddings().forAssets(ids));
        assertThat(found).containsOnlyKeys(a);
    }
}
