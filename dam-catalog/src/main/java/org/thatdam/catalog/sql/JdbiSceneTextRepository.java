package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.thatdam.catalog.SceneTextRepository;
import org.thatdam.model.SceneText;

final class JdbiSceneTextRepository implements SceneTextRepository {

    /** Bound parameters per query, well under SQLite's limit. */
    private static final int CHUNK = 500;

    private final Handle h;

    JdbiSceneTextRepository(Handle h) {
        this.h = h;
    }

    @Override
    public Map<Long, List<SceneText>> forAssets(Collection<Long> assetIds) {
        List<Long> ids = List.copyOf(assetIds);
        Map<Long, List<SceneText>> byScene = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            h.createQuery("""
                    SELECT t.* FROM scene_text t JOIN scene s ON s.id = t.scene_id
                    WHERE s.asset_id IN (<ids>) ORDER BY s.asset_id, t.scene_id, t.ordinal""")
                    .bindList("ids", ids.subList(i, Math.min(ids.size(), i + CHUNK)))
                    .map((rs, ctx) -> text(rs))
                    .forEach(t -> byScene.computeIfAbsent(t.sceneId(), k -> new ArrayList<>()).add(t));
        }
        return byScene;
    }

    @Override
    public List<SceneText> forScene(long sceneId) {
        return h.createQuery("SELECT * FROM scene_text WHERE scene_id = :id ORDER BY ordinal").bind("id", sceneId)
                .map((rs, ctx) -> text(rs)).list();
    }

    @Override
    public void replaceForScene(long sceneId, List<SceneText> texts) {
        h.createUpdate("DELETE FROM scene_text WHERE scene_id = :id").bind("id", sceneId).execute();
        h.createUpdate("INSERT INTO scene_text_read (scene_id) VALUES (:id) ON CONFLICT DO NOTHING").bind("id", sceneId).execute();
        if (texts.isEmpty()) return;
        PreparedBatch batch = h.prepareBatch("""
                INSERT INTO scene_text (scene_id, ordinal, text, confidence, x, y, w, h)
                VALUES (:scene, :ordinal, :text, :confidence, :x, :y, :w, :h)""");
        int ordinal = 0;
        for (SceneText t : texts) {
            batch.bind("scene", sceneId).bind("ordinal", ordinal++).bind("text", t.text())
                    .bind("confidence", t.confidence()).bind("x", t.x()).bind("y", t.y()).bind("w", t.w())
                    .bind("h", t.h()).add();
        }
        batch.execute();
    }

    @Override
    public Set<Long> readScenes(long assetId) {
        return new HashSet<>(h.createQuery(
                "SELECT r.scene_id FROM scene_text_read r JOIN scene s ON s.id = r.scene_id WHERE s.asset_id = :a")
                .bind("a", assetId).mapTo(Long.class).list());
    }

    @Override
    public void markUnread(Collection<Long> sceneIds) {
        List<Long> ids = List.copyOf(sceneIds);
        for (int i = 0; i < ids.size(); i += CHUNK) {
            h.createUpdate("DELETE FROM scene_text_read WHERE scene_id IN (<ids>)")
                    .bindList("ids", ids.subList(i, Math.min(ids.size(), i + CHUNK))).execute();
        }
    }

    private static SceneText text(ResultSet rs) throws SQLException {
        return new SceneText(rs.getLong("scene_id"), rs.getInt("ordinal"), rs.getString("text"),
                rs.getDouble("confidence"), rs.getDouble("x"), rs.getDouble("y"), rs.getDouble("w"), rs.getDouble("h"));
    }
}
