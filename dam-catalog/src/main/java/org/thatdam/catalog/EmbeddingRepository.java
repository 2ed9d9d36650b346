package org.thatdam.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.model.StoredVector;

/** Embeddings of assets (tables asset_embedding) and of scenes (scene_embedding), one per model. */
public interface EmbeddingRepository {

    /** Each asset's vectors (assets without any are absent), by model id. */
    Map<Long, List<StoredVector>> forAssets(Collection<Long> assetIds);

    /** The vectors of every scene of these assets, keyed by scene id, by model id. */
    Map<Long, List<StoredVector>> forScenesOfAssets(Collection<Long> assetIds);

    Optional<StoredVector> forAsset(long assetId, String model);

    Optional<StoredVector> forScene(long sceneId, String model);

    /** Inserts or replaces the asset's vector of {@code vector.model()}. */
    void putAsset(long assetId, StoredVector vector);

    /** Inserts or replaces the scene's vector of {@code vector.model()}. */
    void putScene(long sceneId, long assetId, StoredVector vector);

    /** Forgets the asset's vector of {@code model} (there is nothing left to embed). */
    void deleteAsset(long assetId, String model);

    /** Forgets the scene's vector of {@code model}. */
    void deleteScene(long sceneId, String model);
}
