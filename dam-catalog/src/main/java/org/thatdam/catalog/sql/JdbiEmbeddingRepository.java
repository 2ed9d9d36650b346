package org.thatdam.catalog.sql;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.CatalogException;
import org.thatdam.catalog.EmbeddingRepository;
import org.thatdam.model.StoredVector;

final class JdbiEmbeddingRepository implements EmbeddingRepository {

    /** SQLite's default limit of host parameters is 32766; stay well below it. */
    private static final int CHUNK = 900;

    private final Handle h;

    JdbiEmbeddingRepository(Handle h) {
        this.h = h;
    }

    @Override
    public Map<Long, List<StoredVector>> forAssets(Collection<Long> assetIds) {
        return grouped("SELECT asset_id AS k, model, source_hash, vector FROM asset_embedding "
                + "WHERE asset_id IN (<ids>) ORDER BY asset_id, model", assetIds);
    }

    @Override
    public Map<Long, List<StoredVector>> forScenesOfAssets(Collection<Long> assetIds) {
        return grouped("SELECT scene_id AS k, model, source_hash, vector FROM scene_embedding "
                + "WHERE asset_id IN (<ids>) ORDER BY asset_id, scene_id, model", assetIds);
    }

    @Override
    public Optional<StoredVector> forAsset(long assetId, String model) {
        return h.createQuery("SELECT model, source_hash, vector FROM asset_embedding WHERE asset_id = :id AND model = :m")
                .bind("id", assetId).bind("m", model).map((rs, ctx) -> vector(rs)).findOne();
    }

    @Override
    public Optional<StoredVector> forScene(long sceneId, String model) {
        return h.createQuery("SELECT model, source_hash, vector FROM scene_embedding WHERE scene_id = :id AND model = :m")
                .bind("id", sceneId).bind("m", model).map((rs, ctx) -> vector(rs)).findOne();
    }

    @Override
    public void putAsset(long assetId, StoredVector v) {
        h.createUpdate("""
                INSERT INTO asset_embedding (asset_id, model, source_hash, vector) VALUES (:id, :m, :hash, :v)
                ON CONFLICT (asset_id, model) DO UPDATE SET source_hash = excluded.source_hash, vector = excluded.vector""")
                .bind("id", assetId).bind("m", v.model()).bind("hash", v.sourceHash()).bind("v", encode(v.vector()))
                .execute();
    }

    @Override
    public void putScene(long sceneId, long assetId, StoredVector v) {
        h.createUpdate("""
                INSERT INTO scene_embedding (scene_id, asset_id, model, source_hash, vector) VALUES (:id, :asset, :m, :hash, :v)
                ON CONFLICT (scene_id, model) DO UPDATE SET asset_id = excluded.asset_id,
                    source_hash = excluded.source_hash, vector = excluded.vector""")
                .bind("id", sceneId).bind("asset", assetId).bind("m", v.model()).bind("hash", v.sourceHash())
                .bind("v", encode(v.vector())).execute();
    }

    @Override
    public void deleteAsset(long assetId, String model) {
        h.createUpdate("DELETE FROM asset_embedding WHERE asset_id = :id AND model = :m")
                .bind("id", assetId).bind("m", model).execute();
    }

    @Override
    public void deleteScene(long sceneId, String model) {
        h.createUpdate("DELETE FROM scene_embedding WHERE scene_id = :id AND model = :m")
                .bind("id", sceneId).bind("m", model).execute();
    }

    private Map<Long, List<StoredVector>> grouped(String sql, Collection<Long> ids) {
        Map<Long, List<StoredVector>> out = new LinkedHashMap<>();
        List<Long> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            h.createQuery(sql).bindList("ids", all.subList(from, Math.min(all.size(), from + CHUNK)))
                    .map((rs, ctx) -> Map.entry(rs.getLong("k"), vector(rs)))
                    .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        }
        return out;
    }

    private static StoredVector vector(ResultSet rs) throws SQLException {
        return new StoredVector(rs.getString("model"), rs.getString("source_hash"), decode(rs.getBytes("vector")));
    }

    /** float32 little-endian, the layout every reader (and a future PostgreSQL/pgvector export) agrees on. */
    static byte[] encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] decode(byte[] bytes) {
        if (bytes == null || bytes.length % Float.BYTES != 0) {
            throw new CatalogException("a stored embedding is damaged (" + (bytes == null ? 0 : bytes.length) + " bytes)");
        }
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
