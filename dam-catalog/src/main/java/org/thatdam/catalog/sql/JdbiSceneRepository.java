package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.SceneRepository;
import org.thatdam.model.Scene;

final class JdbiSceneRepository implements SceneRepository {

    private static final String ORDER = " ORDER BY asset_id, level, ordinal";
    /** Keeps IN lists well under SQLite's bound-parameter limit. */
    private static final int CHUNK = 500;

    private final Handle h;

    JdbiSceneRepository(Handle h) {
        this.h = h;
    }

    @Override
    public List<Scene> list(long assetId) {
        return h.createQuery("SELECT * FROM scene WHERE asset_id = :a" + ORDER).bind("a", assetId)
                .map((rs, ctx) -> scene(rs)).list();
    }

    @Override
    public Optional<Scene> get(long id) {
        return h.createQuery("SELECT * FROM scene WHERE id = :id").bind("id", id).map((rs, ctx) -> scene(rs))
                .findOne();
    }

    @Override
    public Map<Long, List<Scene>> forAssets(Collection<Long> assetIds) {
        Map<Long, List<Scene>> out = new LinkedHashMap<>();
        List<Long> ids = List.copyOf(assetIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            h.createQuery("SELECT * FROM scene WHERE asset_id IN (<ids>)" + ORDER).bindList("ids", chunk)
                    .map((rs, ctx) -> scene(rs))
                    .forEach(s -> out.computeIfAbsent(s.assetId(), k -> new ArrayList<>()).add(s));
        }
        return out;
    }

    @Override
    public List<Scene> replace(long assetId, long versionId, List<NewScene> scenes) {
        h.createUpdate("DELETE FROM scene WHERE asset_id = :a").bind("a", assetId).execute();
        int beatOrdinal = 0;
        for (int i = 0; i < scenes.size(); i++) {
            NewScene s = scenes.get(i);
            long sceneId = insert(assetId, versionId, Scene.SCENE, null, i, s.startSec(), s.endSec(), s.keyframeSec(),
                    s.keyframe(), s.score());
            for (NewBeat b : s.beats()) {
                insert(assetId, versionId, Scene.BEAT, sceneId, beatOrdinal++, b.startSec(), b.endSec(),
                        b.keyframeSec(), b.keyframe(), b.score());
            }
        }
        return list(assetId);
    }

    private long insert(long assetId, long versionId, int level, Long parentId, int ordinal, double start, double end,
                        Double keyframeSec, String keyframe, Double score) {
        return h.createUpdate("""
                INSERT INTO scene (asset_id, version_id, level, parent_id, ordinal, start_sec, end_sec, keyframe_sec,
                    keyframe, score)
                VALUES (:a, :v, :level, :parent, :ordinal, :start, :end, :kfs, :kf, :score)""")
                .bind("a", assetId).bind("v", versionId).bind("level", level).bind("parent", parentId)
                .bind("ordinal", ordinal).bind("start", start).bind("end", end).bind("kfs", keyframeSec)
                .bind("kf", keyframe).bind("score", score).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    private static Scene scene(ResultSet rs) throws SQLException {
        return new Scene(rs.getLong("id"), rs.getLong("asset_id"), rs.getLong("version_id"), rs.getInt("level"),
                Rows.longOrNull(rs, "parent_id"), rs.getInt("ordinal"), rs.getDouble("start_sec"),
                rs.getDouble("end_sec"), Rows.doubleOrNull(rs, "keyframe_sec"), rs.getString("keyframe"),
                Rows.doubleOrNull(rs, "score"));
    }
}
