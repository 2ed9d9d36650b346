package org.thatdam.catalog.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.thatdam.catalog.LedgerRepository;
import org.thatdam.model.ImportRun;
import org.thatdam.model.LedgerEntry;

final class JdbiLedgerRepository implements LedgerRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<ImportRun.Failure>> FAILURES = new TypeReference<>() {};

    private final Handle h;
    private final SqlDialect dialect;

    JdbiLedgerRepository(Handle h, SqlDialect dialect) {
        this.h = h;
        this.dialect = dialect;
    }

    @Override
    public List<LedgerEntry> byHash(String fullHash) {
        return h.createQuery("SELECT * FROM copy_ledger WHERE full_hash = :h ORDER BY id").bind("h", fullHash)
                .map(JdbiLedgerRepository::entry).list();
    }

    @Override
    public long record(String fullHash, String sourcePath, String destination, long now) {
        return h.createQuery("""
                INSERT INTO copy_ledger (full_hash, source_path, destination, copied_at)
                VALUES (:h, :src, :dst, :now) RETURNING id""")
                .bind("h", fullHash).bind("src", sourcePath).bind("dst", destination).bind("now", now)
                .mapTo(Long.class).one();
    }

    @Override
    public long record(LedgerEntry e) {
        return h.createQuery("""
                INSERT INTO copy_ledger (full_hash, source_path, destination, copied_at, size_bytes, source_mtime_ms, xxh64,
                                         md5, sha1, user_name, batch, import_id, destination_root)
                VALUES (:fullHash, :src, :dst, :at, :size, :mtime, :xxh64, :md5, :sha1, :user, :batch, :importId, :root)
                RETURNING id""")
                .bind("fullHash", e.fullHash()).bind("src", e.sourcePath()).bind("dst", e.destination())
                .bind("at", e.copiedAt().toEpochMilli()).bind("size", e.sizeBytes()).bind("mtime", e.sourceMtimeMs())
                .bind("xxh64", e.xxh64()).bind("md5", e.md5()).bind("sha1", e.sha1()).bind("user", e.user())
                .bind("batch", e.batch()).bind("importId", e.importId()).bind("root", e.destinationRoot())
                .mapTo(Long.class).one();
    }

    @Override
    public Optional<LedgerEntry> latestCopy(String sourcePath, String destination) {
        return h.createQuery("SELECT * FROM copy_ledger WHERE source_path = :s AND destination = :d ORDER BY id DESC LIMIT 1")
                .bind("s", sourcePath).bind("d", destination).map(JdbiLedgerRepository::entry).findOne();
    }

    @Override
    public List<LedgerEntry> forAsset(long assetId) {
        return h.createQuery("""
                SELECT l.* FROM copy_ledger l JOIN location loc ON loc.path = l.destination
                WHERE loc.asset_id = :a ORDER BY l.copied_at, l.id""")
                .bind("a", assetId).map(JdbiLedgerRepository::entry).list();
    }

    @Override
    public long startImport(Long jobId, String source, List<String> destinations, String batch, List<String> hashes,
                            String user, int filesTotal, long bytesTotal, long now) {
        return h.createQuery("""
                INSERT INTO import_run (job_id, source, destinations, batch, hashes, user_name, state, files_total,
                                        bytes_total, started_at, updated_at)
                VALUES (:job, :source, :dests, :batch, :hashes, :user, 'running', :files, :bytes, :now, :now)
                RETURNING id""")
                .bind("job", jobId).bind("source", source).bind("dests", json(destinations)).bind("batch", batch)
                .bind("hashes", String.join(",", hashes)).bind("user", user).bind("files", filesTotal)
                .bind("bytes", bytesTotal).bind("now", now)
                .mapTo(Long.class).one();
    }

    @Override
    public void importProgress(long id, ImportRun.Progress p, long now) {
        h.createUpdate("""
                UPDATE import_run SET files_done = :done, files_skipped = :skipped, bytes_done = :bytes,
                       current_file = :current, failures = :failures, updated_at = :now WHERE id = :id""")
                .bind("done", p.filesDone()).bind("skipped", p.filesSkipped()).bind("bytes", p.bytesDone())
                .bind("current", p.currentFile()).bind("failures", json(p.failures())).bind("now", now).bind("id", id)
                .execute();
    }

    @Override
    public void supersedeImports(String source, List<String> destinations, long by, long now) {
        h.createUpdate("""
                UPDATE import_run SET state = 'failed', error = :error, finished_at = :now, updated_at = :now, current_file = NULL,
                    -- a killed run saved its progress now and then; its ledger rows say what it really copied
                    bytes_done = %s(bytes_done, (SELECT COALESCE(SUM(c.size_bytes), 0) FROM copy_ledger c
                        WHERE c.import_id = import_run.id AND c.id = (SELECT MIN(d.id) FROM copy_ledger d
                            WHERE d.import_id = c.import_id AND d.source_path = c.source_path)))
                WHERE state = 'running' AND source = :source AND destinations = :dests AND id <> :by""".formatted(dialect.greatest()))
                .bind("error", "interrupted; resumed by import " + by).bind("now", now).bind("source", source)
                .bind("dests", json(destinations)).bind("by", by).execute();
    }

    @Override
    public void finishImport(long id, String state, ImportRun.Progress p, String error, long now) {
        importProgress(id, p, now);
        h.createUpdate("UPDATE import_run SET state = :state, error = :error, finished_at = :now, current_file = NULL WHERE id = :id")
                .bind("state", state).bind("error", error).bind("now", now).bind("id", id).execute();
    }

    @Override
    public Optional<ImportRun> findImport(long id) {
        return h.createQuery("SELECT * FROM import_run WHERE id = :id").bind("id", id).map(JdbiLedgerRepository::run).findOne();
    }

    @Override
    public Optional<ImportRun> importOfJob(long jobId) {
        return h.createQuery("SELECT * FROM import_run WHERE job_id = :j ORDER BY id DESC LIMIT 1").bind("j", jobId)
                .map(JdbiLedgerRepository::run).findOne();
    }

    @Override
    public List<ImportRun> recentImports(int limit) {
        return h.createQuery("SELECT * FROM import_run ORDER BY started_at DESC, id DESC LIMIT :n").bind("n", limit)
                .map(JdbiLedgerRepository::run).list();
    }

    private static LedgerEntry entry(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LedgerEntry(rs.getLong("id"), rs.getString("full_hash"), rs.getString("source_path"),
                rs.getString("destination"), Rows.instant(rs, "copied_at"), Rows.longOrNull(rs, "size_bytes"),
                Rows.longOrNull(rs, "source_mtime_ms"), rs.getString("xxh64"), rs.getString("md5"), rs.getString("sha1"),
                rs.getString("user_name"), rs.getString("batch"), Rows.longOrNull(rs, "import_id"),
                rs.getString("destination_root"));
    }

    private static ImportRun run(ResultSet rs, StatementContext ctx) throws SQLException {
        String hashes = rs.getString("hashes");
        return new ImportRun(rs.getLong("id"), Rows.longOrNull(rs, "job_id"), rs.getString("source"),
                read(rs.getString("destinations"), STRINGS), rs.getString("batch"),
                hashes.isEmpty() ? List.of() : List.of(hashes.split(",")), rs.getString("user_name"), rs.getString("state"),
                rs.getInt("files_total"), rs.getLong("bytes_total"), rs.getInt("files_done"), rs.getInt("files_skipped"),
                rs.getLong("bytes_done"), rs.getString("current_file"), read(rs.getString("failures"), FAILURES),
                rs.getString("error"), Rows.instant(rs, "started_at"), Rows.instant(rs, "updated_at"),
                Rows.instant(rs, "finished_at"));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value == null ? List.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }

    private static <T> List<T> read(String json, TypeReference<List<T>> type) {
        try {
            return json == null ? List.of() : List.copyOf(JSON.readValue(json, type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable import record: " + e.getOriginalMessage(), e);
        }
    }
}
