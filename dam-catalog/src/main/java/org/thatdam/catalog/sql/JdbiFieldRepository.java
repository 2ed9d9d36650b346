package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.FieldRepository;
import org.thatdam.model.AssetKind;
import org.thatdam.model.FieldDefinition;
import org.thatdam.model.FieldType;
import org.thatdam.model.FieldValue;

final class JdbiFieldRepository implements FieldRepository {

    private static final String SELECT =
            "SELECT name, label, type, required, kinds, help, choices, vocabulary, position FROM field_definition";

    private final Handle h;

    JdbiFieldRepository(Handle h) {
        this.h = h;
    }

    @Override
    public List<FieldDefinition> definitions() {
        return h.createQuery(SELECT + " ORDER BY position, name").map((rs, ctx) -> definition(rs)).list();
    }

    @Override
    public Optional<FieldDefinition> definition(String name) {
        return h.createQuery(SELECT + " WHERE name = :name").bind("name", name).map((rs, ctx) -> definition(rs)).findOne();
    }

    @Override
    public void insert(FieldDefinition d, long now) {
        h.createUpdate("""
                INSERT INTO field_definition (name, label, type, required, kinds, help, choices, vocabulary, position,
                                              created_at, updated_at)
                VALUES (:name, :label, :type, :required, :kinds, :help, :choices, :vocabulary, :position, :now, :now)""")
                .bindMap(columns(d)).bind("now", now).execute();
    }

    @Override
    public void update(FieldDefinition d, long now) {
        h.createUpdate("""
                UPDATE field_definition SET label = :label, type = :type, required = :required, kinds = :kinds,
                       help = :help, choices = :choices, vocabulary = :vocabulary, position = :position,
                       updated_at = :now
                WHERE name = :name""")
                .bindMap(columns(d)).bind("now", now).execute();
    }

    @Override
    public void reorder(List<String> names, long now) {
        for (int i = 0; i < names.size(); i++) {
            h.createUpdate("UPDATE field_definition SET position = :p, updated_at = :now WHERE name = :name")
                    .bind("p", i).bind("now", now).bind("name", names.get(i)).execute();
        }
    }

    @Override
    public int delete(String name) {
        // Values first, explicitly: each delete writes its change-log row for the search index.
        int values = h.createUpdate("DELETE FROM asset_field WHERE field = :name").bind("name", name).execute();
        h.createUpdate("DELETE FROM field_definition WHERE name = :name").bind("name", name).execute();
        return values;
    }

    @Override
    public List<FieldValue> values(long assetId) {
        return h.createQuery("""
                SELECT v.field, v.text, v.number FROM asset_field v JOIN field_definition d ON d.name = v.field
                WHERE v.asset_id = :id ORDER BY d.position, d.name, v.seq""")
                .bind("id", assetId).map((rs, ctx) -> value(rs)).list();
    }

    @Override
    public Map<Long, List<FieldValue>> valuesOf(String field) {
        Map<Long, List<FieldValue>> out = new LinkedHashMap<>();
        h.createQuery("SELECT asset_id, field, text, number FROM asset_field WHERE field = :f ORDER BY asset_id, seq")
                .bind("f", field)
                .map((rs, ctx) -> Map.entry(rs.getLong("asset_id"), value(rs)))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    @Override
    public void setValues(long assetId, String field, List<FieldValue> rows) {
        h.createUpdate("DELETE FROM asset_field WHERE asset_id = :id AND field = :f").bind("id", assetId).bind("f", field).execute();
        for (int i = 0; i < rows.size(); i++) {
            h.createUpdate("INSERT INTO asset_field (asset_id, field, seq, text, number) VALUES (:id, :f, :seq, :text, :number)")
                    .bind("id", assetId).bind("f", field).bind("seq", i)
                    .bind("text", rows.get(i).text()).bind("number", rows.get(i).number()).execute();
        }
    }

    @Override
    public long countMissing(String field, List<String> kinds) {
        if (kinds.isEmpty()) return 0;
        return h.createQuery("""
                SELECT count(*) FROM asset a WHERE a.kind IN (<kinds>)
                AND NOT EXISTS (SELECT 1 FROM asset_field v WHERE v.asset_id = a.id AND v.field = :f)""")
                .bindList("kinds", kinds).bind("f", field).mapTo(Long.class).one();
    }

    private static Map<String, Object> columns(FieldDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("label", d.label());
        m.put("type", d.type().id());
        m.put("required", d.required() ? 1 : 0);
        m.put("kinds", String.join(",", d.kinds().stream().map(AssetKind::id).toList()));
        m.put("help", d.help());
        m.put("choices", d.choices().isEmpty() ? null : String.join("\n", d.choices()));
        m.put("vocabulary", d.vocabulary());
        m.put("position", d.position());
        return m;
    }

    private static FieldDefinition definition(ResultSet rs) throws SQLException {
        String kinds = rs.getString("kinds");
        String choices = rs.getString("choices");
        return new FieldDefinition(rs.getString("name"), rs.getString("label"), FieldType.parse(rs.getString("type")),
                rs.getInt("required") != 0,
                kinds.isEmpty() ? List.of() : Arrays.stream(kinds.split(",")).map(AssetKind::parse).toList(),
                rs.getString("help"), choices == null ? List.of() : List.of(choices.split("\n", -1)),
                rs.getString("vocabulary"), rs.getInt("position"));
    }

    private static FieldValue value(ResultSet rs) throws SQLException {
        return new FieldValue(rs.getString("field"), rs.getString("text"), Rows.doubleOrNull(rs, "number"));
    }
}
