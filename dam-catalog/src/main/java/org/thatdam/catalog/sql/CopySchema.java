package org.thatdam.catalog.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.thatdam.catalog.CatalogException;

/**
 * The tables of a catalog as the copier sees them, read from the engine's own description of its
 * schema: columns with the kind of value they hold, the primary key, the tables each one refers to.
 * The schema history ({@code flyway_schema_history}) and the engine's own tables are not part of it.
 */
final class CopySchema {

    /** What a column holds, the same on both engines (SQLite's affinities, PostgreSQL's types). */
    enum ValueClass { INTEGER, REAL, TEXT, BLOB }

    record Column(String name, ValueClass type) {}

    /**
     * One table. {@code treeColumn} is a column naming a parent row of the same table (a tree such as
     * collections): parents are copied before their children. {@code idColumn} is the generated id
     * (an identity column on PostgreSQL, an AUTOINCREMENT rowid on SQLite), or null.
     */
    record Table(String name, List<Column> columns, List<String> primaryKey, Set<String> parents, String treeColumn,
                 String idColumn) {

        Column column(String column) {
            return columns.stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow();
        }
    }

    static final String HISTORY = "flyway_schema_history";

    private CopySchema() {}

    /** Every table of the catalog on {@code c}, by name. */
    static Map<String, Table> read(Connection c, SqlDialect dialect) throws SQLException {
        return dialect == SqlDialect.SQLITE ? sqlite(c) : postgres(c);
    }

    /** The tables in an order where every table comes after the tables it refers to (ties by name). */
    static List<Table> inForeignKeyOrder(Map<String, Table> tables) {
        List<Table> order = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        Map<String, Table> left = new TreeMap<>(tables);
        while (!left.isEmpty()) {
            Table next = left.values().stream()
                    .filter(t -> t.parents().stream().allMatch(p -> p.equals(t.name()) || done.contains(p) || !tables.containsKey(p)))
                    .findFirst()
                    .orElseThrow(() -> new CatalogException("the tables " + left.keySet() + " refer to each other in a circle: no order to copy them in"));
            order.add(next);
            done.add(next.name());
            left.remove(next.name());
        }
        return order;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static Map<String, Table> sqlite(Connection c) throws SQLException {
        Map<String, String> ddl = new TreeMap<>();
        try (Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                     + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '" + HISTORY + "'")) {
            while (r.next()) ddl.put(r.getString(1), r.getString(2));
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        for (var e : ddl.entrySet()) {
            String name = e.getKey();
            List<Column> columns = new ArrayList<>();
            Map<Integer, String> pk = new TreeMap<>();
            try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("PRAGMA table_info(" + quote(name) + ")")) {
                while (r.next()) {
                    String column = r.getString("name");
                    columns.add(new Column(column, affinity(r.getString("type"))));
                    if (r.getInt("pk") > 0) pk.put(r.getInt("pk"), column);
                }
            }
            Set<String> parents = new TreeSet<>();
            String tree = null;
            try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("PRAGMA foreign_key_list(" + quote(name) + ")")) {
                while (r.next()) {
                    parents.add(r.getString("table"));
                    if (r.getString("table").equals(name)) tree = r.getString("from");
                }
            }
            List<String> key = List.copyOf(pk.values());
            boolean autoincrement = e.getValue() != null && e.getValue().toUpperCase(Locale.ROOT).contains("AUTOINCREMENT");
            String id = autoincrement && key.size() == 1 ? key.get(0) : null;
            tables.put(name, new Table(name, columns, key, parents, tree, id));
        }
        return tables;
    }

    /** SQLite's rules for the affinity of a declared type (section 3.1 of its datatype documentation). */
    private static ValueClass affinity(String declared) {
        String t = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
        if (t.contains("INT")) return ValueClass.INTEGER;
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) return ValueClass.TEXT;
        if (t.isEmpty() || t.contains("BLOB")) return ValueClass.BLOB;
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) return ValueClass.REAL;
        return ValueClass.REAL; // NUMERIC affinity: the catalog declares none; a number either way
    }

    private static Map<String, Table> postgres(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> ? ORDER BY table_name")) {
            ps.setString(1, HISTORY);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) names.add(r.getString(1));
            }
        }
        String schema;
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT current_schema()")) {
            r.next();
            schema = r.getString(1);
        }
        DatabaseMetaData meta = c.getMetaData();
        Map<String, Table> tables = new LinkedHashMap<>();
        for (String name : names) {
            List<Column> columns = new ArrayList<>();
            String id = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, is_identity FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position")) {
                ps.setString(1, name);
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        columns.add(new Column(r.getString(1), postgresClass(name, r.getString(1), r.getString(2))));
                        if ("YES".equals(r.getString(3))) id = r.getString(1);
                    }
                }
            }
            Map<Integer, String> pk = new TreeMap<>();
            try (ResultSet r = meta.getPrimaryKeys(null, schema, name)) {
                while (r.next()) pk.put(r.getInt("KEY_SEQ"), r.getString("COLUMN_NAME"));
            }
            Set<String> parents = new TreeSet<>();
            String tree = null;
            try (ResultSet r = meta.getImportedKeys(null, schema, name)) {
                while (r.next()) {
                    parents.add(r.getString("PKTABLE_NAME"));
                    if (r.getString("PKTABLE_NAME").equals(name)) tree = r.getString("FKCOLUMN_NAME");
                }
            }
            tables.put(name, new Table(name, columns, List.copyOf(pk.values()), parents, tree, id));
        }
        return tables;
    }

    private static final Map<String, ValueClass> POSTGRES_TYPES = new HashMap<>(Map.of(
            "bigint", ValueClass.INTEGER, "integer", ValueClass.INTEGER, "smallint", ValueClass.INTEGER,
            "double precision", ValueClass.REAL, "real", ValueClass.REAL,
            "text", ValueClass.TEXT, "character varying", ValueClass.TEXT,
            "bytea", ValueClass.BLOB));

    private static ValueClass postgresClass(String table, String column, String type) {
        ValueClass v = POSTGRES_TYPES.get(type);
        if (v == null) throw new CatalogException("column " + table + "." + column + " is of type " + type + ", which the copy does not know");
        return v;
    }
}
