package org.thatdam.catalog.sql;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.thatdam.catalog.CatalogCopyReport;
import org.thatdam.catalog.CatalogCopyReport.Progress;
import org.thatdam.catalog.CatalogCopyReport.TableCheck;
import org.thatdam.catalog.CatalogException;
import org.thatdam.catalog.CatalogUrl;
import org.thatdam.catalog.sql.CopySchema.Column;
import org.thatdam.catalog.sql.CopySchema.Table;
import org.thatdam.catalog.sql.CopySchema.ValueClass;
import org.thatdam.model.DamException;

/**
 * Copies a whole catalog into an empty catalog on the other engine (or the same one), then proves the
 * copy: every table's rows are counted and hashed in primary-key order on both sides.
 *
 * <p>The source is read in one snapshot (SQLite: one read transaction; PostgreSQL: REPEATABLE READ READ
 * ONLY), row by row, and never written. The target is written in one transaction, so a failed copy
 * leaves it as empty as it was. Ids are kept, so everything that names a row by id (derivatives on
 * disk, links, the search index) stays true, and the change log is copied with its sequence numbers,
 * so an index's cursor still means the same change. Triggers are off while the rows go in: the rows
 * they would add (change log entries, the vocabulary's version) are copied as they are. Each engine
 * keeps its own schema history, which is not copied.
 *
 * <p>Values are compared in one form on both engines: integers as 64-bit integers, reals as doubles,
 * text as UTF-8, blobs as bytes, nulls as nulls. A value of another kind than its column declares (SQLite
 * lets a column hold anything) stops the copy with the table and column named.
 */
public final class CatalogCopy {

    /** Rows per batch insert and per fetch from the source. */
    static final int BATCH = 1_000;

    /**
     * Tables one engine keeps for what the other knows in its own way: PostgreSQL keeps the newest
     * trimmed number of the change log (keyed here by the log it marks) in change_log_trimmed, where
     * SQLite needs none (its log has no gaps: what lies below its oldest row was trimmed, and
     * sqlite_sequence remembers the newest number). Such a table, when only the target has it, is
     * not copied but set from the copied log.
     */
    private static final Map<String, String> HIGH_WATER_TABLES = Map.of("change_log_trimmed", "change_log");

    /** Rows every new catalog is created with: replaced by the source's. */
    private static final Set<String> SEEDED = Set.of("job_queue", "vocab_setting");

    private CatalogCopy() {}

    /**
     * Copies {@code from} into {@code to}: the target's schema is first brought up to date (as opening
     * it would); it must then be at the source's schema version and hold no rows.
     */
    public static CatalogCopyReport copy(CatalogUrl from, CatalogUrl to, Progress progress) {
        if (from.display().equals(to.display())) throw DamException.invalid("the source and the target are the same catalog: " + from.display());
        requireSource(from);
        Progress p = progress == null ? (t, d, n) -> { } : progress;
        try (Side src = Side.open(from, true)) {
            src.beginSnapshot();
            int version = src.schemaVersion();
            // the target's schema is created or brought up to date as opening it would
            if (to.isPostgres()) PostgresCatalog.open(to).close();
            else SqliteCatalog.open(to.sqliteFile()).close();
            try (Side dst = Side.open(to, false)) {
                return copy(src, dst, version, p);
            }
        } catch (SQLException e) {
            throw new CatalogException("cannot copy the catalog " + from.display() + " to " + to.display() + ": " + message(e), e);
        }
    }

    private static CatalogCopyReport copy(Side src, Side dst, int version, Progress p) throws SQLException {
        if (dst.schemaVersion() != version) {
            throw DamException.invalid("the source catalog is at schema version " + version + " and the target at "
                    + dst.schemaVersion() + ": open the older one with this version of dam first (it brings its schema up to date)");
        }
        Map<String, Table> tables = sameTables(src.tables(), dst.tables());
        List<Table> order = CopySchema.inForeignKeyOrder(tables);
        Map<String, Long> floors = src.idFloors();

        long started = System.nanoTime();
        long rows = 0;
        dst.connection.setAutoCommit(false);
        try {
            List<String> triggers = dst.triggersOff(order);
            requireEmpty(dst, order);
            for (String seeded : SEEDED) {
                if (tables.containsKey(seeded)) dst.execute("DELETE FROM " + CopySchema.quote(seeded));
            }
            for (Table t : order) {
                rows += copyTable(src, dst, t, p);
            }
            dst.moveIdsPast(tables.values(), floors);
            dst.triggersOn(order, triggers);
            dst.connection.commit();
        } catch (SQLException | RuntimeException e) {
            dst.connection.rollback();
            throw e;
        }
        long copied = System.nanoTime();
        List<TableCheck> checks = compare(src, dst, order);
        return new CatalogCopyReport(src.url.display(), dst.url.display(), version, checks, rows, (copied - started) / 1_000_000,
                (System.nanoTime() - copied) / 1_000_000);
    }

    /** Counts and hashes every table of two catalogs (each read in one snapshot) and compares them. */
    public static List<TableCheck> verify(CatalogUrl a, CatalogUrl b) {
        requireSource(a);
        requireSource(b);
        try (Side one = Side.open(a, true); Side two = Side.open(b, true)) {
            one.beginSnapshot();
            two.beginSnapshot();
            return compare(one, two, CopySchema.inForeignKeyOrder(sameTables(one.tables(), two.tables())));
        } catch (SQLException e) {
            throw new CatalogException("cannot compare the catalogs " + a.display() + " and " + b.display() + ": " + message(e), e);
        }
    }

    private static void requireSource(CatalogUrl url) {
        if (!url.isPostgres() && !java.nio.file.Files.isRegularFile(url.sqliteFile())) {
            throw DamException.invalid("there is no catalog at " + url.sqliteFile());
        }
    }

    private static Map<String, Table> sameTables(Map<String, Table> source, Map<String, Table> target) {
        Set<String> names = new TreeSet<>(source.keySet());
        names.addAll(target.keySet());
        for (String name : names) {
            Table s = source.get(name);
            Table t = target.get(name);
            if ((s == null || t == null) && HIGH_WATER_TABLES.containsKey(name)) continue;
            if (s == null || t == null) {
                throw DamException.invalid("the " + (s == null ? "target" : "source") + " catalog has a table " + name
                        + " the other has not: their schemas differ");
            }
            Map<String, ValueClass> sc = s.columns().stream().collect(Collectors.toMap(Column::name, Column::type));
            Map<String, ValueClass> tc = t.columns().stream().collect(Collectors.toMap(Column::name, Column::type));
            if (!sc.equals(tc)) {
                throw DamException.invalid("table " + name + " has the columns " + sc + " in the source and " + tc + " in the target");
            }
        }
        Map<String, Table> common = new LinkedHashMap<>(target);
        common.keySet().retainAll(source.keySet());
        return common;
    }

    private static void requireEmpty(Side dst, List<Table> order) throws SQLException {
        long assets = dst.count("asset");
        if (assets > 0) throw DamException.conflict("the target already holds " + assets + " asset(s): copy only into an empty catalog");
        for (Table t : order) {
            if (SEEDED.contains(t.name())) continue;
            long n = dst.count(t.name());
            if (n > 0) throw DamException.conflict("the target already holds " + n + " row(s) in table " + t.name() + ": copy only into an empty catalog");
        }
    }

    private static long copyTable(Side src, Side dst, Table t, Progress progress) throws SQLException {
        long total = src.count(t.name());
        progress.table(t.name(), 0, total);
        List<Column> columns = t.columns();
        String names = columns.stream().map(c -> CopySchema.quote(c.name())).collect(Collectors.joining(", "));
        String insert = "INSERT INTO " + CopySchema.quote(t.name()) + " (" + names + ")"
                + (dst.dialect == SqlDialect.POSTGRESQL && t.idColumn() != null ? " OVERRIDING SYSTEM VALUE" : "")
                + " VALUES (" + "?, ".repeat(columns.size() - 1) + "?)";
        long done = 0;
        try (Statement st = src.connection.createStatement(); PreparedStatement ins = dst.connection.prepareStatement(insert)) {
            st.setFetchSize(BATCH);
            try (ResultSet r = st.executeQuery(selectForCopy(t))) {
                while (r.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        bind(ins, i + 1, columns.get(i).type(), value(r, i + 1, t.name(), columns.get(i), src.dialect));
                    }
                    ins.addBatch();
                    if (++done % BATCH == 0) {
                        ins.executeBatch();
                        progress.table(t.name(), done, total);
                    }
                }
            }
            ins.executeBatch();
        } catch (SQLException e) {
            throw new CatalogException("cannot copy table " + t.name() + ": " + message(e), e);
        }
        progress.table(t.name(), done, total);
        return done;
    }

    /** All rows of {@code t}; in a tree, parents before their children (a row may have moved under a later one). */
    private static String selectForCopy(Table t) {
        String names = t.columns().stream().map(c -> "t." + CopySchema.quote(c.name())).collect(Collectors.joining(", "));
        String table = CopySchema.quote(t.name());
        if (t.treeColumn() == null || t.primaryKey().size() != 1) return "SELECT " + names + " FROM " + table + " t";
        String id = CopySchema.quote(t.primaryKey().get(0));
        String parent = CopySchema.quote(t.treeColumn());
        return "WITH RECURSIVE tree (id, depth) AS (SELECT " + id + ", 0 FROM " + table + " WHERE " + parent + " IS NULL"
                + " UNION ALL SELECT c." + id + ", tree.depth + 1 FROM " + table + " c JOIN tree ON c." + parent + " = tree.id)"
                + " SELECT " + names + " FROM " + table + " t JOIN tree ON t." + id + " = tree.id ORDER BY tree.depth, t." + id;
    }

    private static List<TableCheck> compare(Side src, Side dst, List<Table> order) throws SQLException {
        List<TableCheck> checks = new ArrayList<>();
        dst.beginSnapshot();
        for (Table t : order) {
            Table mine = src.tables().get(t.name());
            checks.add(TableCheck.of(t.name(), src.count(t.name()), dst.count(t.name()), src.checksum(mine, t), dst.checksum(t, t)));
        }
        return checks;
    }

    /**
     * A column's value in its one comparable form: Long, Double, String, byte[] or null. SQLite text is
     * read as its bytes and decoded strictly: its driver would put U+FFFD in place of bytes that are not
     * UTF-8, on both reads alike, and the checksums would not see what was lost.
     */
    static Object value(ResultSet r, int index, String table, Column column, SqlDialect dialect) throws SQLException {
        Object v = r.getObject(index);
        if (v == null) return null;
        if (dialect == SqlDialect.SQLITE && column.type() == ValueClass.TEXT && v instanceof String) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(r.getBytes(index))).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new CatalogException("table " + table + ", column " + column.name() + " holds text that is not valid UTF-8:"
                        + " the copy stops here");
            }
        }
        switch (column.type()) {
            case INTEGER -> {
                if (v instanceof Long || v instanceof Integer || v instanceof Short) return ((Number) v).longValue();
                if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) return d.longValue();
            }
            case REAL -> {
                if (v instanceof Number n) return n.doubleValue();
            }
            case TEXT -> {
                if (v instanceof String s) return s;
            }
            case BLOB -> {
                if (v instanceof byte[] b) return b;
            }
        }
        String shown = v instanceof byte[] b ? b.length + " bytes" : "\"" + v + "\"";
        throw new CatalogException("table " + table + ", column " + column.name() + " holds " + shown + ", which is not "
                + column.type().name().toLowerCase(java.util.Locale.ROOT) + " as the column declares: the copy stops here");
    }

    private static void bind(PreparedStatement ps, int index, ValueClass type, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(index, switch (type) {
                case INTEGER -> Types.BIGINT;
                case REAL -> Types.DOUBLE;
                case TEXT -> Types.VARCHAR;
                case BLOB -> Types.BINARY;
            });
            return;
        }
        switch (v) {
            case Long l -> ps.setLong(index, l);
            case Double d -> ps.setDouble(index, d);
            case String s -> ps.setString(index, s);
            case byte[] b -> ps.setBytes(index, b);
            default -> throw new IllegalStateException("not a normalised value: " + v.getClass());
        }
    }

    /** The innermost message of a database failure (a batch's own is only "see getNextException"). */
    static String message(SQLException e) {
        SQLException last = e;
        while (last.getNextException() != null && last.getNextException() != last) last = last.getNextException();
        if (last == e && e instanceof BatchUpdateException && e.getCause() instanceof SQLException c) last = c;
        return last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
    }

    /** One catalog, opened with a plain connection of its engine. */
    private static final class Side implements AutoCloseable {
        final CatalogUrl url;
        final Connection connection;
        final SqlDialect dialect;
        private Map<String, Table> tables;

        private Side(CatalogUrl url, Connection connection, SqlDialect dialect) {
            this.url = url;
            this.connection = connection;
            this.dialect = dialect;
        }

        static Side open(CatalogUrl url, boolean readOnly) throws SQLException {
            if (url.isPostgres()) {
                PGSimpleDataSource ds = PostgresCatalog.dataSource(url);
                ds.setReWriteBatchedInserts(true);
                ds.setApplicationName("dam copy");
                return new Side(url, ds.getConnection(), SqlDialect.POSTGRESQL);
            }
            SqliteNativeLibrary.prepare();
            SQLiteConfig c = new SQLiteConfig();
            c.setReadOnly(readOnly);
            c.enforceForeignKeys(true);
            c.setBusyTimeout(30_000);
            return new Side(url, c.createConnection("jdbc:sqlite:" + url.sqliteFile()), SqlDialect.SQLITE);
        }

        /** Starts a transaction that sees one moment of the catalog until it ends. */
        void beginSnapshot() throws SQLException {
            if (!connection.getAutoCommit()) connection.rollback();
            if (dialect == SqlDialect.POSTGRESQL) {
                connection.setAutoCommit(true);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                connection.setReadOnly(true);
            }
            connection.setAutoCommit(false);
            // the snapshot is taken at the first read
            execute(dialect == SqlDialect.POSTGRESQL ? "SELECT 1" : "SELECT count(*) FROM sqlite_master");
        }

        Map<String, Table> tables() throws SQLException {
            if (tables == null) tables = CopySchema.read(connection, dialect);
            return tables;
        }

        int schemaVersion() throws SQLException {
            String success = dialect == SqlDialect.POSTGRESQL ? "success" : "success = 1";
            try (Statement st = connection.createStatement();
                 ResultSet r = st.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM " + CopySchema.HISTORY
                         + " WHERE version IS NOT NULL AND " + success)) {
                return r.next() ? r.getInt(1) : 0;
            } catch (SQLException e) {
                throw DamException.invalid("this is not a catalog of dam (it has no schema history): " + message(e));
            }
        }

        long count(String table) throws SQLException {
            try (Statement st = connection.createStatement();
                 ResultSet r = st.executeQuery("SELECT count(*) FROM " + CopySchema.quote(table))) {
                r.next();
                return r.getLong(1);
            }
        }

        void execute(String sql) throws SQLException {
            try (Statement st = connection.createStatement()) {
                st.execute(sql);
            }
        }

        /**
         * SHA-256 over the table's rows in primary-key order (text in byte order on both engines), each
         * value in its comparable form; {@code names} gives the column order to hash in.
         */
        String checksum(Table mine, Table names) throws SQLException {
            List<Column> columns = names.columns();
            List<String> key = mine.primaryKey().isEmpty() ? columns.stream().map(Column::name).toList() : mine.primaryKey();
            String collate = dialect == SqlDialect.POSTGRESQL ? " COLLATE \"C\"" : " COLLATE BINARY";
            String orderBy = key.stream()
                    .map(k -> CopySchema.quote(k) + (mine.column(k).type() == ValueClass.TEXT ? collate : ""))
                    .collect(Collectors.joining(", "));
            String sql = "SELECT " + columns.stream().map(c -> CopySchema.quote(c.name())).collect(Collectors.joining(", "))
                    + " FROM " + CopySchema.quote(mine.name()) + " ORDER BY " + orderBy;
            MessageDigest md = sha256();
            ByteBuffer eight = ByteBuffer.allocate(9);
            try (Statement st = connection.createStatement()) {
                st.setFetchSize(BATCH);
                try (ResultSet r = st.executeQuery(sql)) {
                    while (r.next()) {
                        for (int i = 0; i < columns.size(); i++) {
                            digest(md, eight, value(r, i + 1, mine.name(), columns.get(i), dialect));
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        }

        private static void digest(MessageDigest md, ByteBuffer buf, Object v) {
            buf.clear();
            switch (v) {
                case null -> md.update((byte) 0);
                case Long l -> md.update(buf.put((byte) 1).putLong(l).array(), 0, 9);
                case Double d -> md.update(buf.put((byte) 2).putLong(Double.doubleToLongBits(d)).array(), 0, 9);
                case String s -> lengthAndBytes(md, buf, (byte) 3, s.getBytes(StandardCharsets.UTF_8));
                case byte[] b -> lengthAndBytes(md, buf, (byte) 4, b);
                default -> throw new IllegalStateException("not a normalised value: " + v.getClass());
            }
        }

        private static void lengthAndBytes(MessageDigest md, ByteBuffer buf, byte tag, byte[] bytes) {
            md.update(buf.put(tag).putLong(bytes.length).array(), 0, 9);
            md.update(bytes);
        }

        /** The highest id each table has ever handed out (deleted rows included), where the engine remembers it. */
        Map<String, Long> idFloors() throws SQLException {
            Map<String, Long> floors = new LinkedHashMap<>();
            if (dialect == SqlDialect.SQLITE) {
                try (Statement st = connection.createStatement();
                     ResultSet r = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")) {
                    if (!r.next() || r.getInt(1) == 0) return floors;
                }
                try (Statement st = connection.createStatement(); ResultSet r = st.executeQuery("SELECT name, seq FROM sqlite_sequence")) {
                    while (r.next()) floors.put(r.getString(1), r.getLong(2));
                }
                return floors;
            }
            for (Table t : tables().values()) {
                if (t.idColumn() == null) continue;
                String sequence = serialSequence(t);
                if (sequence == null) continue;
                try (Statement st = connection.createStatement();
                     ResultSet r = st.executeQuery("SELECT last_value, is_called FROM " + sequence)) {
                    if (r.next()) floors.put(t.name(), r.getBoolean(2) ? r.getLong(1) : r.getLong(1) - 1);
                }
            }
            for (var e : HIGH_WATER_TABLES.entrySet()) {
                if (!tables().containsKey(e.getKey())) continue;
                try (Statement st = connection.createStatement();
                     ResultSet r = st.executeQuery("SELECT coalesce(max(seq), 0) FROM " + CopySchema.quote(e.getKey()))) {
                    r.next();
                    floors.merge(e.getValue(), r.getLong(1), Math::max);
                }
            }
            return floors;
        }

        private String serialSequence(Table t) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
                ps.setString(1, CopySchema.quote(t.name()));
                ps.setString(2, t.idColumn());
                try (ResultSet r = ps.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        }

        /** Makes the next generated id of every table follow both the copied ids and the source's highest ever. */
        void moveIdsPast(java.util.Collection<Table> all, Map<String, Long> floors) throws SQLException {
            for (var e : HIGH_WATER_TABLES.entrySet()) {
                boolean copied = all.stream().anyMatch(t -> t.name().equals(e.getKey()));
                if (copied || !tables().containsKey(e.getKey())) continue;
                String log = CopySchema.quote(e.getValue());
                // the log's oldest row follows the newest trimmed one; a log trimmed empty was trimmed up to its newest number
                try (PreparedStatement ps = connection.prepareStatement("UPDATE " + CopySchema.quote(e.getKey()) + " SET seq = CASE WHEN"
                        + " EXISTS (SELECT 1 FROM " + log + ") THEN (SELECT min(seq) - 1 FROM " + log + ") ELSE ? END")) {
                    ps.setLong(1, floors.getOrDefault(e.getValue(), 0L));
                    ps.execute();
                }
            }
            for (Table t : all) {
                if (t.idColumn() == null) continue;
                long max;
                try (Statement st = connection.createStatement();
                     ResultSet r = st.executeQuery("SELECT coalesce(max(" + CopySchema.quote(t.idColumn()) + "), 0) FROM " + CopySchema.quote(t.name()))) {
                    r.next();
                    max = r.getLong(1);
                }
                long next = Math.max(max, floors.getOrDefault(t.name(), 0L));
                if (dialect == SqlDialect.POSTGRESQL) {
                    try (PreparedStatement ps = connection.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?), ?, ?)")) {
                        ps.setString(1, CopySchema.quote(t.name()));
                        ps.setString(2, t.idColumn());
                        ps.setLong(3, Math.max(next, 1));
                        ps.setBoolean(4, next >= 1);
                        ps.execute();
                    }
                } else if (next > 0) {
                    // SQLite moved sqlite_sequence with every id inserted; only a higher floor is left to set
                    try (PreparedStatement up = connection.prepareStatement("UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?");
                         PreparedStatement in = connection.prepareStatement("INSERT INTO sqlite_sequence (name, seq) SELECT ?, ?"
                                 + " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)")) {
                        up.setLong(1, next);
                        up.setString(2, t.name());
                        up.setLong(3, next);
                        up.execute();
                        in.setString(1, t.name());
                        in.setLong(2, next);
                        in.setString(3, t.name());
                        in.execute();
                    }
                }
            }
        }

        /** Turns the target's triggers off for this transaction; answers what is needed to turn them on again. */
        List<String> triggersOff(List<Table> all) throws SQLException {
            List<String> recreate = new ArrayList<>();
            if (dialect == SqlDialect.POSTGRESQL) {
                for (Table t : all) execute("ALTER TABLE " + CopySchema.quote(t.name()) + " DISABLE TRIGGER USER");
                return recreate;
            }
            // SQLite cannot disable a trigger: it is dropped and created again in the same transaction
            List<String> names = new ArrayList<>();
            try (Statement st = connection.createStatement();
                 ResultSet r = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")) {
                while (r.next()) {
                    names.add(r.getString(1));
                    recreate.add(r.getString(2));
                }
            }
            for (String name : names) execute("DROP TRIGGER " + CopySchema.quote(name));
            return recreate;
        }

        void triggersOn(List<Table> all, List<String> recreate) throws SQLException {
            if (dialect == SqlDialect.POSTGRESQL) {
                for (Table t : all) execute("ALTER TABLE " + CopySchema.quote(t.name()) + " ENABLE TRIGGER USER");
                return;
            }
            for (String sql : recreate) execute(sql);
        }

        @Override
        public void close() throws SQLException {
            try {
                if (!connection.getAutoCommit()) connection.rollback();
            } finally {
                connection.close();
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
