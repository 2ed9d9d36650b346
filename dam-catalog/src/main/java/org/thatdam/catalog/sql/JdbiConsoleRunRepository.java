package org.thatdam.catalog.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.CatalogException;
import org.thatdam.catalog.ConsoleRunRepository;
import org.thatdam.model.ConsoleRun;

final class JdbiConsoleRunRepository implements ConsoleRunRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private final Handle h;

    JdbiConsoleRunRepository(Handle h) {
        this.h = h;
    }

    @Override
    public long create(Long assetId, String sourcePath, String preset, Map<String, String> params, List<String> tokens,
                       String display, long now) {
        return h.createUpdate("""
                INSERT INTO console_run (asset_id, source_path, preset, params, tokens, display, state, created_at)
                VALUES (:a, :src, :preset, :params, :tokens, :display, 'queued', :now)""")
                .bind("a", assetId).bind("src", sourcePath).bind("preset", preset)
                .bind("params", json(params == null ? Map.of() : params)).bind("tokens", json(tokens))
                .bind("display", display).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    @Override
    public void attachJob(long id, long jobId) {
        h.createUpdate("UPDATE console_run SET job_id = :j WHERE id = :id").bind("j", jobId).bind("id", id).execute();
    }

    @Override
    public boolean start(long id) {
        return h.createUpdate("UPDATE console_run SET state = 'running' WHERE id = :id AND state IN ('queued', 'running')")
                .bind("id", id).execute() == 1;
    }

    @Override
    public void finish(long id, String state, Integer exitCode, Long durationMs, List<String> outputs, String message,
                       String stderrTail, long now) {
        if (!ConsoleRun.FINAL_STATES.contains(state)) {
            throw new IllegalArgumentException("not a final console run state: " + state);
        }
        h.createUpdate("""
                UPDATE console_run SET state = :s, exit_code = :exit, duration_ms = :ms, outputs = :outputs,
                    message = :msg, stderr_tail = :tail, finished_at = :now WHERE id = :id""")
                .bind("s", state).bind("exit", exitCode).bind("ms", durationMs).bind("outputs", json(outputs))
                .bind("msg", message).bind("tail", stderrTail).bind("now", now).bind("id", id).execute();
    }

    @Override
    public Optional<ConsoleRun> find(long id) {
        return h.createQuery("SELECT * FROM console_run WHERE id = :id").bind("id", id).map((rs, ctx) -> run(rs))
                .findOne();
    }

    @Override
    public List<ConsoleRun> recent(Long assetId, int limit) {
        String where = assetId == null ? "" : "WHERE asset_id = :a ";
        var q = h.createQuery("SELECT * FROM console_run " + where + "ORDER BY id DESC LIMIT :n").bind("n", limit);
        if (assetId != null) q.bind("a", assetId);
        return q.map((rs, ctx) -> run(rs)).list();
    }

    private static ConsoleRun run(ResultSet rs) throws SQLException {
        return new ConsoleRun(rs.getLong("id"), Rows.longOrNull(rs, "asset_id"), rs.getString("source_path"),
                rs.getString("preset"), stringMap(rs.getString("params")), strings(rs.getString("tokens")), rs.getString("display"), rs.getString("state"),
                Rows.longOrNull(rs, "job_id"), Rows.intOrNull(rs, "exit_code"), Rows.longOrNull(rs, "duration_ms"),
                strings(rs.getString("outputs")), rs.getString("message"), rs.getString("stderr_tail"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "finished_at"));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value == null ? List.of() : value);
        } catch (JsonProcessingException e) {
            throw new CatalogException("cannot encode a console run", e);
        }
    }

    private static Map<String, String> stringMap(String json) {
        try {
            return json == null ? Map.of() : Map.copyOf(JSON.readValue(json, STRING_MAP));
        } catch (JsonProcessingException e) {
            throw new CatalogException("damaged parameters in the console history: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> strings(String json) {
        try {
            return json == null ? List.of() : List.copyOf(JSON.readValue(json, STRINGS));
        } catch (JsonProcessingException e) {
            throw new CatalogException("damaged token list in the console history: " + e.getOriginalMessage(), e);
        }
    }
}
