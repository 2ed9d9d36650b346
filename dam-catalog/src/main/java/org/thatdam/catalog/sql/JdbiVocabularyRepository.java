package org.thatdam.catalog.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.VocabularyRepository;
import org.thatdam.model.VocabularyTerm;

final class JdbiVocabularyRepository implements VocabularyRepository {

    private final Handle h;

    JdbiVocabularyRepository(Handle h) {
        this.h = h;
    }

    @Override
    public List<VocabularyTerm> terms() {
        Map<Long, List<String>> synonyms = new HashMap<>();
        h.createQuery("SELECT term_id, label FROM vocab_synonym ORDER BY term_id, label")
                .map((rs, ctx) -> synonyms.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)))
                .list();
        return h.createQuery("SELECT id, parent_id, label, description FROM vocab_term ORDER BY id")
                .map((rs, ctx) -> {
                    long id = rs.getLong("id");
                    long parent = rs.getLong("parent_id");
                    Long parentId = rs.wasNull() ? null : parent;
                    return new VocabularyTerm(id, parentId, rs.getString("label"), rs.getString("description"),
                            synonyms.getOrDefault(id, List.of()));
                }).list();
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> out = new HashMap<>();
        h.createQuery("SELECT name, value FROM vocab_setting").map((rs, ctx) -> out.put(rs.getString(1), rs.getString(2)))
                .list();
        return out;
    }

    @Override
    public void setSetting(String name, String value) {
        h.createUpdate("INSERT INTO vocab_setting (name, value) VALUES (:name, :value) "
                + "ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                .bind("name", name).bind("value", value).execute();
    }

    @Override
    public long add(Long parentId, String label, String labelKey, String description, long now) {
        return h.createUpdate("""
                INSERT INTO vocab_term (parent_id, label, label_key, description, created_at)
                VALUES (:parent, :label, :key, :description, :now)""")
                .bind("parent", parentId).bind("label", label).bind("key", labelKey).bind("description", description)
                .bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    @Override
    public void update(long id, Long parentId, String label, String labelKey) {
        h.createUpdate("UPDATE vocab_term SET parent_id = :parent, label = :label, label_key = :key WHERE id = :id")
                .bind("parent", parentId).bind("label", label).bind("key", labelKey).bind("id", id).execute();
    }

    @Override
    public void setDescription(long id, String description) {
        h.createUpdate("UPDATE vocab_term SET description = :d WHERE id = :id").bind("d", description).bind("id", id)
                .execute();
    }

    @Override
    public void addSynonym(long termId, String label, String labelKey) {
        h.createUpdate("INSERT INTO vocab_synonym (term_id, label, label_key) VALUES (:id, :label, :key) ON CONFLICT DO NOTHING")
                .bind("id", termId).bind("label", label).bind("key", labelKey).execute();
    }

    @Override
    public boolean removeSynonym(long termId, String labelKey) {
        return h.createUpdate("DELETE FROM vocab_synonym WHERE term_id = :id AND label_key = :key")
                .bind("id", termId).bind("key", labelKey).execute() > 0;
    }

    @Override
    public boolean delete(long id) {
        return h.createUpdate("DELETE FROM vocab_term WHERE id = :id").bind("id", id).execute() > 0;
    }

    @Override
    public List<String> distinctTags() {
        return h.createQuery("SELECT DISTINCT tag FROM asset_tag").mapTo(String.class).list();
    }

    @Override
    public Set<Long> assetsTagged(List<String> tags) {
        if (tags.isEmpty()) return Set.of();
        return new HashSet<>(h.createQuery("SELECT DISTINCT asset_id FROM asset_tag WHERE tag IN (<tags>)")
                .bindList("tags", tags).mapTo(Long.class).list());
    }

    @Override
    public void replaceTag(String from, String to) {
        if (from.equals(to)) return;
        h.createUpdate("INSERT INTO asset_tag (asset_id, tag) SELECT asset_id, :to FROM asset_tag WHERE tag = :from"
                + " ON CONFLICT DO NOTHING")
                .bind("from", from).bind("to", to).execute();
        h.createUpdate("DELETE FROM asset_tag WHERE tag = :from").bind("from", from).execute();
    }
}
