package org.thatdam.catalog.sql;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.PreferenceRepository;

final class JdbiPreferenceRepository implements PreferenceRepository {

    private final Handle h;

    JdbiPreferenceRepository(Handle h) {
        this.h = h;
    }

    @Override
    public Map<String, String> all(long userId) {
        Map<String, String> values = new LinkedHashMap<>();
        h.createQuery("SELECT pref_key, value_json FROM user_preference WHERE user_id = :user ORDER BY pref_key")
                .bind("user", userId)
                .map((rs, ctx) -> Map.entry(rs.getString("pref_key"), rs.getString("value_json")))
                .forEach(e -> values.put(e.getKey(), e.getValue()));
        return values;
    }

    @Override
    public void put(long userId, String key, String json, long now) {
        h.createUpdate("""
                INSERT INTO user_preference (user_id, pref_key, value_json, updated_at) VALUES (:user, :key, :json, :now)
                ON CONFLICT (user_id, pref_key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at""")
                .bind("user", userId).bind("key", key).bind("json", json).bind("now", now).execute();
    }

    @Override
    public boolean remove(long userId, String key) {
        return h.createUpdate("DELETE FROM user_preference WHERE user_id = :user AND pref_key = :key")
                .bind("user", userId).bind("key", key).execute() == 1;
    }

    @Override
    public int count(long userId) {
        return h.createQuery("SELECT count(*) FROM user_preference WHERE user_id = :user").bind("user", userId)
                .mapTo(Integer.class).one();
    }
}
