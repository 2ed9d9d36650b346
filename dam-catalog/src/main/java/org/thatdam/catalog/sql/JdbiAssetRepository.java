package org.thatdam.catalog.sql;

import static org.thatdam.catalog.sql.Rows.doubleOrNull;
import static org.thatdam.catalog.sql.Rows.instant;
import static org.thatdam.catalog.sql.Rows.intOrNull;
import static org.thatdam.catalog.sql.Rows.longOrNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.thatdam.catalog.AssetRepository;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.AssetVersion;
import org.thatdam.model.CatalogStats;
import org.thatdam.model.Location;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.StreamInfo;

final class JdbiAssetRepository implements AssetRepository {

    /** The flat asset view: asset + current version + batch name + primary (first present) location. */
    static final String SELECT_ASSET = """
            SELECT a.id, a.kind, a.title, b.name AS batch, a.status, a.error, a.current_version_id,
                   a.created_at, a.updated_at, a.rating, a.favourite, a.label, v.captured_at, v.capture_source,
                   v.size_bytes, v.duration_sec, v.width, v.height, v.fps, v.video_codec, v.audio_codec,
                   v.container, v.bit_rate,
                   (SELECT l.path FROM location l WHERE l.asset_id = a.id ORDER BY l.missing, l.id LIMIT 1) AS path
              FROM asset a
              LEFT JOIN asset_version v ON v.id = a.current_version_id
              LEFT JOIN batch b ON b.id = a.batch_id
            """;

    private final Handle h;
    private final SqlDialect dialect;

    JdbiAssetRepository(Handle h, SqlDialect dialect) {
        this.h = h;
        this.dialect = dialect;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<Asset> find(long id) {
        return h.createQuery(SELECT_ASSET + " WHERE a.id = :id").bind("id", id)
                .map((rs, ctx) -> asset(rs)).findOne();
    }

    @Override
    public List<Asset> list(AssetQuery q) {
        String order = switch (q.sort()) {
            // Capture time; an asset without a version yet sorts by when it was catalogued.
            case NEWEST -> CAPTURED + " DESC, a.id DESC";
            case OLDEST -> CAPTURED + ", a.id";
            case NAME -> dialect.orderIgnoringCase("a.title") + ", a.id";
            case SIZE -> "v.size_bytes DESC, a.id";
            case DURATION -> "v.duration_sec DESC, a.id";
        };
        Query query = h.createQuery(SELECT_ASSET + where(q) + " ORDER BY " + order + " LIMIT :limit OFFSET :offset")
                .bind("limit", q.limit()).bind("offset", q.offset());
        return bindFilters(query, q).map((rs, ctx) -> asset(rs)).list();
    }

    @Override
    public long count(AssetQuery q) {
        Query query = h.createQuery("SELECT count(*) FROM asset a LEFT JOIN batch b ON b.id = a.batch_id" + where(q));
        return bindFilters(query, q).mapTo(Long.class).one();
    }

    private static String where(AssetQuery q) {
        List<String> c = new ArrayList<>();
        if (q.batch() != null) c.add("b.name = :batch");
        if (q.kind() != null) c.add("a.kind = :kind");
        if (q.status() != null) c.add("a.status = :status");
        return c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c);
    }

    private static Query bindFilters(Query query, AssetQuery q) {
        if (q.batch() != null) query.bind("batch", q.batch());
        if (q.kind() != null) query.bind("kind", q.kind().id());
        if (q.status() != null) query.bind("status", q.status().id());
        return query;
    }

    @Override
    public void forEach(Consumer<Asset> consumer) {
        try (var it = h.createQuery(SELECT_ASSET + " ORDER BY a.id").setFetchSize(500)
                .map((rs, ctx) -> asset(rs)).iterator()) {
            it.forEachRemaining(consumer);
        }
    }

    @Override
    public List<org.thatdam.model.Searchable> searchablePage(long afterId, int limit) {
        List<org.thatdam.model.Searchable> out = new ArrayList<>();
        searchables(" WHERE a.id > :after", " LIMIT :limit", q -> q.bind("after", afterId).bind("limit", limit), out::add);
        return out;
    }

    @Override
    public List<Unanalysed> missingAnalysis(String jobKind, long afterId, int limit) {
        String kinds;
        String has;
        String jobFor;
        switch (jobKind) {
            case "scenes" -> {
                kinds = "'video'";
                has = "SELECT 1 FROM scene x WHERE x.asset_id = a.id AND x.version_id = a.current_version_id";
                jobFor = " AND j.params = 'v=' || a.current_version_id";
            }
            case "fingerprint" -> {
                kinds = "'video'";
                has = "SELECT 1 FROM fingerprint x WHERE x.asset_id = a.id AND x.version_id = a.current_version_id";
                jobFor = " AND j.params = 'v=' || a.current_version_id";
            }
            case "embed" -> {
                kinds = "'video', 'audio', 'image', 'other'";
                has = "SELECT 1 FROM asset_embedding x WHERE x.asset_id = a.id AND x.model = 'text'";
                jobFor = "";
            }
            default -> throw org.thatdam.model.DamException.invalid("no analysis is made by job kind '" + jobKind + "'");
        }
        String sql = """
                SELECT c.id, c.v, l.path FROM (
                    SELECT a.id, a.current_version_id AS v FROM asset a
                     WHERE a.id > :after AND a.status = 'ok' AND a.current_version_id IS NOT NULL
                       AND a.kind IN (""" + kinds + ")\n AND NOT EXISTS (" + has + ")\n"
                + " AND NOT EXISTS (SELECT 1 FROM job j WHERE j.asset_id = a.id AND j.kind = :kind" + jobFor + ")\n"
                + """
                     ORDER BY a.id LIMIT :limit) c
                  LEFT JOIN location l ON l.asset_id = c.id AND l.missing = 0
                 ORDER BY c.id, l.path""";
        record Row(long id, long version, String path) {}
        List<Row> rows = h.createQuery(sql).bind("after", afterId).bind("limit", limit).bind("kind", jobKind)
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getLong("v"), rs.getString("path"))).list();
        java.util.LinkedHashMap<Long, Unanalysed> out = new java.util.LinkedHashMap<>();
        for (Row r : rows) {
            Unanalysed u = out.computeIfAbsent(r.id(), id -> new Unanalysed(id, r.version(), new ArrayList<>()));
            if (r.path() != null) u.paths().add(r.path());
        }
        return out.values().stream().map(u -> new Unanalysed(u.assetId(), u.versionId(), List.copyOf(u.paths()))).toList();
    }

    @Override
    public void forEachSearchable(java.util.Collection<Long> ids, Consumer<org.thatdam.model.Searchable> consumer) {
        if (ids != null && ids.isEmpty()) return;
        searchables(ids == null ? "" : " WHERE a.id IN (<ids>)", "",
                q -> { if (ids != null) q.bindList("ids", List.copyOf(ids)); }, consumer);
    }

    private void searchables(String where, String limit, Consumer<Query> binder,
                             Consumer<org.thatdam.model.Searchable> consumer) {
        String concat = dialect.groupConcat();
        String recordSep = dialect.chr(30);
        String unitSep = dialect.chr(31);
        String sql = """
                SELECT x.*, a2.description AS description, v2.creation_time, v2.title_tag, v2.comment_tag,
                       v2.camera_make, v2.camera_model,
                       (SELECT %1$s(t.tag, %3$s) FROM asset_tag t WHERE t.asset_id = x.id) AS tags,
                       (SELECT %1$s(f.field || %2$s || d.type || %2$s || f.text || %2$s
                                    || coalesce(CAST(f.number AS TEXT), ''), %3$s ORDER BY d.position, f.field, f.seq)
                          FROM asset_field f JOIN field_definition d ON d.name = f.field
                         WHERE f.asset_id = x.id) AS fields
                  FROM (""".formatted(concat, recordSep, unitSep) + SELECT_ASSET + where + " ORDER BY a.id" + limit + """
                ) x
                  JOIN asset a2 ON a2.id = x.id
                  LEFT JOIN asset_version v2 ON v2.id = x.current_version_id
                 ORDER BY x.id""";
        var q = h.createQuery(sql).setFetchSize(1000);
        binder.accept(q);
        try (var it = q.map((rs, ctx) -> {
            String tags = rs.getString("tags");
            return new org.thatdam.model.Searchable(asset(rs),
                    tags == null ? List.of() : List.of(tags.split("\u001f")), rs.getString("description"),
                    rs.getString("creation_time"), rs.getString("title_tag"), rs.getString("comment_tag"),
                    rs.getString("camera_make"), rs.getString("camera_model"), searchableFields(rs.getString("fields")));
        }).iterator()) {
            it.forEachRemaining(consumer);
        }
    }

    /** Field values as the searchables query packs them (control characters never occur in values). */
    private static List<org.thatdam.model.Searchable.Field> searchableFields(String packed) {
        if (packed == null) return List.of();
        List<org.thatdam.model.Searchable.Field> out = new ArrayList<>();
        for (String row : packed.split("\u001f")) {
            String[] p = row.split("\u001e", -1);
            out.add(new org.thatdam.model.Searchable.Field(p[0], org.thatdam.model.FieldType.parse(p[1]), p[2],
                    p[3].isEmpty() ? null : Double.valueOf(p[3])));
        }
        return out;
    }

    private static final String PLACED = """
              FROM asset a
              JOIN asset_version v ON v.id = a.current_version_id
             WHERE v.gps_lat IS NOT NULL AND v.gps_lon IS NOT NULL
            """;

    @Override
    public List<org.thatdam.model.Place> places(int limit, int offset) {
        return h.createQuery("SELECT a.id, a.title, a.kind, v.gps_lat, v.gps_lon, " + CAPTURED + " AS captured" + PLACED
                        + " ORDER BY captured DESC, a.id DESC LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> new org.thatdam.model.Place(rs.getLong("id"), rs.getString("title"),
                        AssetKind.parse(rs.getString("kind")), rs.getDouble("gps_lat"), rs.getDouble("gps_lon"),
                        instant(rs, "captured"))).list();
    }

    @Override
    public long countPlaces() {
        return h.createQuery("SELECT count(*)" + PLACED).mapTo(Long.class).one();
    }

    @Override
    public List<AssetVersion> versions(long assetId) {
        List<AssetVersion> out = h.createQuery("SELECT * FROM asset_version WHERE asset_id = :id ORDER BY version_no DESC")
                .bind("id", assetId).map((rs, ctx) -> version(rs)).list();
        return out.stream().map(this::withStreams).toList();
    }

    @Override
    public Optional<AssetVersion> version(long versionId) {
        return h.createQuery("SELECT * FROM asset_version WHERE id = :id").bind("id", versionId)
                .map((rs, ctx) -> version(rs)).findOne().map(this::withStreams);
    }

    private AssetVersion withStreams(AssetVersion v) {
        List<StreamInfo> streams = h.createQuery("SELECT * FROM media_stream WHERE version_id = :id ORDER BY stream_index")
                .bind("id", v.id()).map((rs, ctx) -> stream(rs)).list();
        MediaInfo full = v.media().withStreams(streams);
        return new AssetVersion(v.id(), v.assetId(), v.versionNo(), v.sizeBytes(), v.quickHash(), v.fullHash(),
                v.createdAt(), v.error(), full);
    }

    @Override
    public List<Location> locations(long assetId) {
        return h.createQuery("SELECT * FROM location WHERE asset_id = :id ORDER BY missing, id")
                .bind("id", assetId).map((rs, ctx) -> location(rs)).list();
    }

    @Override
    public Optional<Location> locationByPath(String path) {
        return h.createQuery("SELECT * FROM location WHERE path = :path").bind("path", path)
                .map((rs, ctx) -> location(rs)).findOne();
    }

    @Override
    public void forEachLocationUnder(String prefix, Consumer<Location> consumer) {
        // A range scan on the unique path index: every path p with prefix <= p < successor(prefix).
        // (SQLite compares UTF-8 bytes, i.e. code points: "prefix + U+FFFF" as the upper bound would
        // miss names continuing with U+FFFF or any character outside the BMP, such as emoji.)
        String hi = successor(prefix);
        Query q = h.createQuery("SELECT * FROM location WHERE path >= :lo"
                + (hi == null ? "" : " AND path < :hi") + " ORDER BY path").bind("lo", prefix);
        if (hi != null) {
            q.bind("hi", hi);
        }
        try (var it = q.setFetchSize(500).map((rs, ctx) -> location(rs)).iterator()) {
            it.forEachRemaining(consumer);
        }
    }

    @Override
    public List<Location> locationsIn(String prefix) {
        if (prefix.isEmpty() || prefix.charAt(prefix.length() - 1) != java.io.File.separatorChar) {
            throw new IllegalArgumentException("a folder prefix ends with the separator: " + prefix);
        }
        String hi = successor(prefix);
        // The same range scan as forEachLocationUnder; rows below a subfolder (another separator
        // after the prefix) are dropped by SQLite, not materialized.
        Query q = h.createQuery("SELECT * FROM location WHERE path >= :lo" + (hi == null ? "" : " AND path < :hi")
                + " AND " + dialect.instr() + "(substr(path, :n), :sep) = 0").bind("lo", prefix)
                .bind("n", prefix.codePointCount(0, prefix.length()) + 1) // both engines count characters, not UTF-16 units
                .bind("sep", java.io.File.separator);
        if (hi != null) {
            q.bind("hi", hi);
        }
        return q.map((rs, ctx) -> location(rs)).list();
    }

    @Override
    public List<Location> locationsIn(String prefix, int limit, int offset) {
        return underFolder(prefix, "SELECT * FROM location WHERE path >= :lo AND path < :hi"
                        + " AND " + dialect.instr() + "(substr(path, :n), :sep) = 0 ORDER BY path LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> location(rs)).list();
    }

    /** Totals over files: distinct assets, files, present files, their size and their content's duration. */
    private static final String TOTALS = """
            count(DISTINCT l.asset_id), count(*), coalesce(sum(1 - l.missing), 0), coalesce(sum(l.size_bytes), 0),
            coalesce(sum(v.duration_sec), 0)""";

    /** The files' rows joined to their asset's current version (primary-key lookups). */
    private static final String FILES = """
              FROM location l
              JOIN asset a ON a.id = l.asset_id
              LEFT JOIN asset_version v ON v.id = a.current_version_id""";

    @Override
    public List<org.thatdam.model.FolderStats> subfolders(String prefix) {
        // A skip scan: from each sub-folder's name, the next one is the first path at or after
        // "prefix + name + the character after the separator" that has a separator after the prefix
        // (files directly in the folder, between sub-folders, are passed over inside the index).
        // Each sub-folder's files are then one range of the index, aggregated by a correlated
        // subquery; its totals come back packed in a JSON array, so a folder is one statement.
        String instr = dialect.instr();
        String next = "(SELECT substr(path, :n, " + instr + "(substr(path, :n), :sep) - 1) FROM location WHERE path >= %s"
                + " AND path < :hi AND " + instr + "(substr(path, :n), :sep) > 0 ORDER BY path LIMIT 1)";
        String sql = "WITH RECURSIVE child(name) AS (SELECT " + next.formatted(":lo")
                + " UNION ALL SELECT " + next.formatted(":lo || child.name || :past") + " FROM child WHERE child.name IS NOT NULL)"
                + " SELECT name, (SELECT " + dialect.jsonArray() + "(" + TOTALS + ", max(CASE WHEN " + instr
                + "(substr(l.path, :n + length(child.name) + 1), :sep) > 0 THEN 1 ELSE 0 END)) "
                + FILES + " WHERE l.path >= :lo || child.name || :sep AND l.path < :lo || child.name || :past) AS totals"
                + " FROM child WHERE name IS NOT NULL";
        return underFolder(prefix, sql).map((rs, ctx) -> folderStats(rs.getString("name"), rs.getString("totals"))).list();
    }

    @Override
    public org.thatdam.model.FolderStats filesIn(String prefix) {
        // The range of the whole folder, filtered on the path alone (in the index) before a row is read.
        return underFolder(prefix, "SELECT " + dialect.jsonArray() + "(" + TOTALS + ", 0) AS totals " + FILES
                        + " WHERE l.path >= :lo AND l.path < :hi AND " + dialect.instr() + "(substr(l.path, :n), :sep) = 0")
                .map((rs, ctx) -> folderStats(null, rs.getString("totals"))).one();
    }

    /** A query over the folder {@code prefix}: its bounds, where its children's names start, the separator. */
    private Query underFolder(String prefix, String sql) {
        String sep = java.io.File.separator;
        return h.createQuery(sql).bind("lo", prefix).bind("hi", folderUpperBound(prefix))
                .bind("n", prefix.codePointCount(0, prefix.length()) + 1) // both engines count characters, not UTF-16 units
                .bind("sep", sep).bind("past", String.valueOf((char) (sep.charAt(0) + 1)));
    }

    /** Totals packed by {@link #TOTALS} (+ whether deeper folders hold files) as a JSON array of numbers. */
    private static org.thatdam.model.FolderStats folderStats(String name, String packed) {
        String[] v = packed.substring(1, packed.length() - 1).split(",");
        return new org.thatdam.model.FolderStats(name, (long) Double.parseDouble(v[0]), (long) Double.parseDouble(v[1]),
                (long) Double.parseDouble(v[2]), (long) Double.parseDouble(v[3]), Double.parseDouble(v[4]),
                Double.parseDouble(v[5]) != 0);
    }

    /** The exclusive upper bound of the paths under a folder prefix (ending in the separator, so there is one). */
    private static String folderUpperBound(String prefix) {
        if (prefix.isEmpty() || prefix.charAt(prefix.length() - 1) != java.io.File.separatorChar) {
            throw new IllegalArgumentException("a folder prefix ends with the separator: " + prefix);
        }
        return successor(prefix);
    }

    @Override
    public List<Asset> findAll(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return h.createQuery(SELECT_ASSET + " WHERE a.id IN (<ids>) ORDER BY a.id").bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> asset(rs)).list();
    }

    /**
     * The smallest string greater than every string starting with {@code prefix}: the prefix with
     * its last code point incremented; null when there is none (empty prefix, or only U+10FFFF).
     */
    static String successor(String prefix) {
        String p = prefix;
        while (!p.isEmpty()) {
            int last = p.codePointBefore(p.length());
            String head = p.substring(0, p.length() - Character.charCount(last));
            if (last < Character.MAX_CODE_POINT) {
                int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
                return head + Character.toString(next);
            }
            p = head;
        }
        return null;
    }

    @Override
    public Optional<Long> findByContent(long sizeBytes, String quickHash) {
        return h.createQuery("""
                SELECT a.id FROM asset_version v JOIN asset a ON a.current_version_id = v.id
                 WHERE v.size_bytes = :size AND v.quick_hash = :hash
                 ORDER BY a.id LIMIT 1""")
                .bind("size", sizeBytes).bind("hash", quickHash).mapTo(Long.class).findOne();
    }

    @Override
    public CatalogStats stats() {
        var totals = h.createQuery("""
                SELECT count(*) AS n, coalesce(sum(v.size_bytes), 0) AS bytes, coalesce(sum(v.duration_sec), 0) AS dur
                  FROM asset a LEFT JOIN asset_version v ON v.id = a.current_version_id""")
                .map((rs, ctx) -> new double[] {rs.getLong("n"), rs.getLong("bytes"), rs.getDouble("dur")}).one();
        long locations = h.createQuery("SELECT count(*) FROM location").mapTo(Long.class).one();
        return new CatalogStats((long) totals[0], (long) totals[1], totals[2], locations,
                groups("a.kind"), groups("a.status"), groups("coalesce(v.video_codec, v.audio_codec, 'none')"),
                groups("coalesce(b.name, '(none)')"),
                groups(dialect.period("%Y-%m", CAPTURED)).stream()
                        .sorted(java.util.Comparator.comparing(CatalogStats.Group::key)).toList());
    }

    /** When an asset was shot; one without a version yet counts as shot when it was catalogued. */
    private static final String CAPTURED = "coalesce(v.captured_at, a.created_at)";

    @Override
    public org.thatdam.model.Timeline timeline(org.thatdam.model.Timeline.By by, Long fromMs, Long toMs) {
        List<String> c = new ArrayList<>();
        if (fromMs != null) c.add(CAPTURED + " >= :from");
        if (toMs != null) c.add(CAPTURED + " < :to");
        Query q = h.createQuery("SELECT " + dialect.period(by.strftime(), CAPTURED) + " AS p, count(*) AS n,"
                + " coalesce(sum(v.duration_sec), 0) AS dur"
                + " FROM asset a LEFT JOIN asset_version v ON v.id = a.current_version_id"
                + (c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c))
                + " GROUP BY 1 ORDER BY 1");
        if (fromMs != null) q.bind("from", fromMs);
        if (toMs != null) q.bind("to", toMs);
        return new org.thatdam.model.Timeline(by.id(), q.map((rs, ctx) -> new org.thatdam.model.Timeline.Bucket(
                rs.getString("p"), rs.getLong("n"), rs.getDouble("dur"))).list());
    }

    private List<CatalogStats.Group> groups(String keyExpr) {
        return h.createQuery("SELECT " + keyExpr + " AS k, count(*) AS n, coalesce(sum(v.size_bytes), 0) AS bytes"
                        + " FROM asset a LEFT JOIN asset_version v ON v.id = a.current_version_id"
                        + " LEFT JOIN batch b ON b.id = a.batch_id GROUP BY 1 ORDER BY n DESC, k")
                .map((rs, ctx) -> new CatalogStats.Group(rs.getString("k"), rs.getLong("n"), rs.getLong("bytes")))
                .list();
    }

    // ------------------------------------------------------------------ writes

    @Override
    public long insertAsset(AssetKind kind, String title, Long batchId, long now) {
        return h.createQuery("""
                INSERT INTO asset (kind, title, batch_id, status, created_at, updated_at)
                VALUES (:kind, :title, :batch, 'ok', :now, :now) RETURNING id""")
                .bind("kind", kind.id()).bind("title", title).bind("batch", batchId).bind("now", now)
                .mapTo(Long.class).one();
    }

    @Override
    public long addVersion(long assetId, long sizeBytes, String quickHash, MediaInfo m, String error, long now) {
        int versionNo = h.createQuery("SELECT coalesce(max(version_no), 0) + 1 FROM asset_version WHERE asset_id = :id")
                .bind("id", assetId).mapTo(Integer.class).one();
        long versionId = h.createQuery("""
                INSERT INTO asset_version (asset_id, version_no, size_bytes, quick_hash, created_at, kind, container,
                    duration_sec, bit_rate, width, height, fps, video_codec, audio_codec, rotation, creation_time,
                    timecode, gps_lat, gps_lon, camera_make, camera_model, title_tag, comment_tag, probe_json, error,
                    captured_at, capture_source)
                VALUES (:asset, :no, :size, :hash, :now, :kind, :container, :duration, :bitRate, :width, :height, :fps,
                    :vcodec, :acodec, :rotation, :creation, :timecode, :lat, :lon, :make, :model, :titleTag,
                    :commentTag, :raw, :error, :capturedAt, :captureSource)
                RETURNING id""")
                .bind("asset", assetId).bind("no", versionNo).bind("size", sizeBytes).bind("hash", quickHash)
                .bind("now", now).bind("kind", m.kind().id()).bind("container", m.container()).bind("duration", m.durationSec())
                .bind("bitRate", m.bitRate()).bind("width", m.width()).bind("height", m.height()).bind("fps", m.fps())
                .bind("vcodec", m.videoCodec()).bind("acodec", m.audioCodec()).bind("rotation", m.rotation())
                .bind("creation", m.creationTime()).bind("timecode", m.timecode()).bind("lat", m.gpsLatitude())
                .bind("lon", m.gpsLongitude()).bind("make", m.cameraMake()).bind("model", m.cameraModel())
                .bind("titleTag", m.titleTag()).bind("commentTag", m.commentTag()).bind("raw", m.rawJson())
                .bind("error", error)
                // Without a capture time, the version counts as shot when it was catalogued.
                .bind("capturedAt", m.capturedAt() != null ? m.capturedAt().toEpochMilli() : now)
                .bind("captureSource", (m.capturedAt() != null && m.captureSource() != null ? m.captureSource()
                        : org.thatdam.model.CaptureSource.MTIME).id())
                .mapTo(Long.class).one();
        if (!m.streams().isEmpty()) {
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO media_stream (version_id, stream_index, type, codec, profile, width, height, fps,
                        pix_fmt, rotation, sample_rate, channels, channel_layout, language, bit_rate)
                    VALUES (:v, :idx, :type, :codec, :profile, :width, :height, :fps, :pixFmt, :rotation,
                        :sampleRate, :channels, :layout, :language, :bitRate)""");
            for (StreamInfo s : m.streams()) {
                batch.bind("v", versionId).bind("idx", s.index()).bind("type", s.type()).bind("codec", s.codec())
                        .bind("profile", s.profile()).bind("width", s.width()).bind("height", s.height())
                        .bind("fps", s.fps()).bind("pixFmt", s.pixFmt()).bind("rotation", s.rotation())
                        .bind("sampleRate", s.sampleRate()).bind("channels", s.channels())
                        .bind("layout", s.channelLayout()).bind("language", s.language()).bind("bitRate", s.bitRate())
                        .add();
            }
            batch.execute();
        }
        h.createUpdate("""
                UPDATE asset SET current_version_id = :v, kind = :kind, status = :status, error = :error,
                       updated_at = :now WHERE id = :id""")
                .bind("v", versionId).bind("kind", m.kind().id())
                .bind("status", (error == null ? AssetStatus.OK : AssetStatus.FAILED).id())
                .bind("error", error).bind("now", now).bind("id", assetId).execute();
        return versionId;
    }

    @Override
    public long insertLocation(long assetId, String path, long sizeBytes, long mtimeMillis, Long inode, String quickHash, long now) {
        return h.createQuery("""
                INSERT INTO location (asset_id, path, size_bytes, mtime_ms, inode, quick_hash, first_seen, last_seen)
                VALUES (:asset, :path, :size, :mtime, :inode, :hash, :now, :now) RETURNING id""")
                .bind("asset", assetId).bind("path", path).bind("size", sizeBytes).bind("mtime", mtimeMillis)
                .bind("inode", inode).bind("hash", quickHash).bind("now", now)
                .mapTo(Long.class).one();
    }

    @Override
    public void updateLocation(long locationId, long assetId, long sizeBytes, long mtimeMillis, Long inode, String quickHash, long now) {
        h.createUpdate("""
                UPDATE location SET asset_id = :asset, size_bytes = :size, mtime_ms = :mtime, inode = :inode,
                       quick_hash = :hash, last_seen = :now, missing = 0 WHERE id = :id""")
                .bind("asset", assetId).bind("size", sizeBytes).bind("mtime", mtimeMillis).bind("inode", inode)
                .bind("hash", quickHash).bind("now", now).bind("id", locationId).execute();
    }

    @Override
    public void setLocationMissing(long locationId, boolean missing, long now) {
        h.createUpdate("UPDATE location SET missing = :m" + (missing ? "" : ", last_seen = :now") + " WHERE id = :id")
                .bind("m", missing ? 1 : 0).bind("now", now).bind("id", locationId).execute();
    }

    @Override
    public void deleteLocation(long locationId) {
        h.createUpdate("DELETE FROM location WHERE id = :id").bind("id", locationId).execute();
    }

    @Override
    public void setStatus(long assetId, AssetStatus status, String error, long now) {
        h.createUpdate("UPDATE asset SET status = :s, error = :e, updated_at = :now WHERE id = :id")
                .bind("s", status.id()).bind("e", error).bind("now", now).bind("id", assetId).execute();
    }

    @Override
    public void clearMissing(long assetId, long now) {
        h.createUpdate("""
                UPDATE asset SET
                       error = (SELECT v.error FROM asset_version v WHERE v.id = asset.current_version_id),
                       status = CASE WHEN (SELECT v.error FROM asset_version v WHERE v.id = asset.current_version_id)
                                          IS NULL THEN 'ok' ELSE 'failed' END,
                       updated_at = :now
                 WHERE id = :id AND status = 'missing'""")
                .bind("now", now).bind("id", assetId).execute();
    }

    @Override
    public void setBatch(long assetId, Long batchId, long now) {
        h.createUpdate("UPDATE asset SET batch_id = :b, updated_at = :now WHERE id = :id")
                .bind("b", batchId).bind("now", now).bind("id", assetId).execute();
    }

    @Override
    public void setTitle(long assetId, String title, long now) {
        h.createUpdate("UPDATE asset SET title = :t, updated_at = :now WHERE id = :id")
                .bind("t", title).bind("now", now).bind("id", assetId).execute();
    }

    @Override
    public void setFullHash(long versionId, String fullHash) {
        h.createUpdate("UPDATE asset_version SET full_hash = :f WHERE id = :id")
                .bind("f", fullHash).bind("id", versionId).execute();
    }

    @Override
    public void setDescription(long assetId, String description, long now) {
        h.createUpdate("UPDATE asset SET description = :d, updated_at = :now WHERE id = :id")
                .bind("d", description).bind("now", now).bind("id", assetId).execute();
    }

    @Override
    public void setTags(long assetId, List<String> tags, long now) {
        h.createUpdate("DELETE FROM asset_tag WHERE asset_id = :id").bind("id", assetId).execute();
        PreparedBatch b = h.prepareBatch("INSERT INTO asset_tag (asset_id, tag) VALUES (:id, :tag) ON CONFLICT DO NOTHING");
        for (String t : tags) b.bind("id", assetId).bind("tag", t).add();
        if (!tags.isEmpty()) b.execute();
        h.createUpdate("UPDATE asset SET updated_at = :now WHERE id = :id").bind("now", now).bind("id", assetId).execute();
    }

    @Override
    public void setRating(long assetId, int rating, long now) {
        h.createUpdate("UPDATE asset SET rating = :r, updated_at = :now WHERE id = :id")
                .bind("r", rating).bind("now", now).bind("id", assetId).execute();
    }

    @Override
    public void setFavourite(long assetId, boolean favourite, long now) {
        h.createUpdate("UPDATE asset SET favourite = :f, updated_at = :now WHERE id = :id")
                .bind("f", favourite ? 1 : 0).bind("now", now).bind("id", assetId).execute();
    }

    @Override
    public void setLabel(long assetId, org.thatdam.model.ColourLabel label, long now) {
        h.createUpdate("UPDATE asset SET label = :l, updated_at = :now WHERE id = :id")
                .bind("l", label == null ? null : label.id()).bind("now", now).bind("id", assetId).execute();
    }

    @Override
    public List<String> tags(long assetId) {
        return h.createQuery("SELECT tag FROM asset_tag WHERE asset_id = :id ORDER BY tag").bind("id", assetId)
                .mapTo(String.class).list();
    }

    @Override
    public String description(long assetId) {
        return h.createQuery("SELECT description FROM asset WHERE id = :id").bind("id", assetId)
                .mapTo(String.class).findOne().orElse(null);
    }

    @Override
    public void delete(long assetId) {
        h.createUpdate("DELETE FROM asset WHERE id = :id").bind("id", assetId).execute();
    }

    // ------------------------------------------------------------------ row mappers

    static Asset asset(ResultSet rs) throws SQLException {
        return new Asset(rs.getLong("id"), AssetKind.parse(rs.getString("kind")), rs.getString("title"),
                rs.getString("batch"), AssetStatus.parse(rs.getString("status")), rs.getString("error"),
                rs.getString("path"), longOrNull(rs, "size_bytes"), doubleOrNull(rs, "duration_sec"),
                intOrNull(rs, "width"), intOrNull(rs, "height"), doubleOrNull(rs, "fps"), rs.getString("video_codec"),
                rs.getString("audio_codec"), rs.getString("container"), longOrNull(rs, "bit_rate"),
                longOrNull(rs, "current_version_id"), instant(rs, "captured_at"),
                org.thatdam.model.CaptureSource.parseOrNull(rs.getString("capture_source")),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getInt("rating"), rs.getInt("favourite") != 0,
                org.thatdam.model.ColourLabel.parseOrNull(rs.getString("label")));
    }

    private static AssetVersion version(ResultSet rs) throws SQLException {
        MediaInfo m = new MediaInfo(AssetKind.parse(rs.getString("kind")), rs.getString("container"), doubleOrNull(rs, "duration_sec"),
                longOrNull(rs, "bit_rate"), intOrNull(rs, "width"), intOrNull(rs, "height"), doubleOrNull(rs, "fps"),
                rs.getString("video_codec"), rs.getString("audio_codec"), intOrNull(rs, "rotation"),
                rs.getString("creation_time"), rs.getString("timecode"), doubleOrNull(rs, "gps_lat"),
                doubleOrNull(rs, "gps_lon"), rs.getString("camera_make"), rs.getString("camera_model"),
                rs.getString("title_tag"), rs.getString("comment_tag"), instant(rs, "captured_at"),
                org.thatdam.model.CaptureSource.parseOrNull(rs.getString("capture_source")), List.of(),
                rs.getString("probe_json"));
        return new AssetVersion(rs.getLong("id"), rs.getLong("asset_id"), rs.getInt("version_no"),
                rs.getLong("size_bytes"), rs.getString("quick_hash"), rs.getString("full_hash"),
                instant(rs, "created_at"), rs.getString("error"), m);
    }

    private static StreamInfo stream(ResultSet rs) throws SQLException {
        return new StreamInfo(rs.getInt("stream_index"), rs.getString("type"), rs.getString("codec"),
                rs.getString("profile"), intOrNull(rs, "width"), intOrNull(rs, "height"), doubleOrNull(rs, "fps"),
                rs.getString("pix_fmt"), intOrNull(rs, "rotation"), intOrNull(rs, "sample_rate"),
                intOrNull(rs, "channels"), rs.getString("channel_layout"), rs.getString("language"),
                longOrNull(rs, "bit_rate"));
    }

    private static Location location(ResultSet rs) throws SQLException {
        return new Location(rs.getLong("id"), rs.getLong("asset_id"), rs.getString("path"), rs.getLong("size_bytes"),
                rs.getLong("mtime_ms"), longOrNull(rs, "inode"), rs.getString("quick_hash"),
                instant(rs, "first_seen"), instant(rs, "last_seen"), rs.getInt("missing") != 0);
    }
}
