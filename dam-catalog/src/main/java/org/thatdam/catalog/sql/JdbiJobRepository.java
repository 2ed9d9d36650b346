package org.thatdam.catalog.sql;

import static org.thatdam.catalog.sql.Rows.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.JobRepository;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.model.NewJob;

final class JdbiJobRepository implements JobRepository {

    private final Handle h;

    JdbiJobRepository(Handle h) {
        this.h = h;
    }

    @Override
    public long enqueue(NewJob j, long now) {
        Optional<Long> active = h.createQuery("SELECT id FROM job WHERE dedupe_key = :k AND state IN ('queued', 'running')")
                .bind("k", j.dedupeKey()).mapTo(Long.class).findOne();
        if (active.isPresent()) {
            return active.get();
        }
        return h.createQuery("""
                INSERT INTO job (kind, asset_id, params, dedupe_key, state, priority, max_attempts, run_after,
                                 created_at, updated_at)
                VALUES (:kind, :asset, :params, :key, 'queued', :prio, :max, :now, :now, :now) RETURNING id""")
                .bind("kind", j.kind()).bind("asset", j.assetId()).bind("params", j.params() == null ? "" : j.params())
                .bind("key", j.dedupeKey()).bind("prio", j.priority()).bind("max", j.maxAttempts()).bind("now", now)
                .mapTo(Long.class).one();
    }

    @Override
    public Optional<Job> find(long id) {
        return h.createQuery("SELECT * FROM job WHERE id = :id").bind("id", id).map((rs, ctx) -> job(rs)).findOne();
    }

    @Override
    public List<Job> list(JobState state, int limit) {
        String where = state == null ? "" : " WHERE state = :state";
        var q = h.createQuery("SELECT * FROM job" + where + " ORDER BY id DESC LIMIT :limit").bind("limit", limit);
        if (state != null) q.bind("state", state.id());
        return q.map((rs, ctx) -> job(rs)).list();
    }

    @Override
    public List<Job> forAsset(long assetId) {
        return h.createQuery("SELECT * FROM job WHERE asset_id = :a ORDER BY id DESC").bind("a", assetId)
                .map((rs, ctx) -> job(rs)).list();
    }

    @Override
    public Map<JobState, Long> counts() {
        Map<JobState, Long> m = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) m.put(s, 0L);
        h.createQuery("SELECT state, count(*) AS n FROM job GROUP BY state")
                .map((rs, ctx) -> Map.entry(JobState.parse(rs.getString("state")), rs.getLong("n")))
                .forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    @Override
    public Optional<Job> claim(Set<String> kinds, String workerId, long now) {
        if (kinds.isEmpty()) return Optional.empty();
        Optional<Long> next = h.createQuery("""
                SELECT id FROM job WHERE state = 'queued' AND run_after <= :now AND kind IN (<kinds>)
                 ORDER BY priority, id LIMIT 1""")
                .bind("now", now).bindList("kinds", List.copyOf(kinds)).mapTo(Long.class).findOne();
        if (next.isEmpty()) return Optional.empty();
        int updated = h.createUpdate("""
                UPDATE job SET state = 'running', worker_id = :w, attempts = attempts + 1, progress = 0,
                       started_at = :now, heartbeat_at = :now, updated_at = :now
                 WHERE id = :id AND state = 'queued'""")
                .bind("w", workerId).bind("now", now).bind("id", next.get()).execute();
        return updated == 1 ? find(next.get()) : Optional.empty();
    }

    @Override
    public void heartbeat(long id, double progress, long now) {
        h.createUpdate("UPDATE job SET progress = :p, heartbeat_at = :now, updated_at = :now WHERE id = :id AND state = 'running'")
                .bind("p", progress).bind("now", now).bind("id", id).execute();
    }

    @Override
    public void finish(long id, String workerId, JobState state, String error, long now) {
        h.createUpdate("""
                UPDATE job SET state = :s, error = :e, finished_at = :now, updated_at = :now,
                       progress = CASE WHEN :s = 'done' THEN 1 ELSE progress END
                 WHERE id = :id AND state = 'running' AND worker_id = :w""")
                .bind("s", state.id()).bind("e", error).bind("now", now).bind("id", id).bind("w", workerId).execute();
    }

    @Override
    public void requeue(long id, String workerId, String error, long runAfter, long now) {
        h.createUpdate("""
                UPDATE job SET state = 'queued', error = :e, run_after = :after, worker_id = NULL, updated_at = :now
                 WHERE id = :id AND state = 'running' AND worker_id = :w""")
                .bind("e", error).bind("after", runAfter).bind("now", now).bind("id", id).bind("w", workerId).execute();
    }

    @Override
    public void release(long id, String workerId, String error, long now) {
        h.createUpdate("""
                UPDATE job SET state = 'queued', attempts = MAX(attempts - 1, 0), error = :e, run_after = :now,
                       worker_id = NULL, progress = 0, updated_at = :now
                 WHERE id = :id AND state = 'running' AND worker_id = :w""")
                .bind("e", error).bind("now", now).bind("id", id).bind("w", workerId).execute();
    }

    @Override
    public int reclaimStale(long staleBefore, long now) {
        return h.createUpdate("""
                UPDATE job SET state = 'queued', worker_id = NULL, updated_at = :now,
                       error = 'worker stopped while running; requeued'
                 WHERE state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < :stale)""")
                .bind("stale", staleBefore).bind("now", now).execute();
    }

    @Override
    public boolean cancel(long id, long now) {
        return h.createUpdate("""
                UPDATE job SET state = 'cancelled', error = 'cancelled', finished_at = :now, updated_at = :now
                 WHERE id = :id AND state IN ('queued', 'running')""")
                .bind("now", now).bind("id", id).execute() == 1;
    }

    @Override
    public boolean retry(long id, long now) {
        // The same work may have been enqueued again meanwhile: then this one stays as it is.
        return h.createUpdate("""
                UPDATE job SET state = 'queued', attempts = 0, error = NULL, progress = 0, run_after = :now,
                       worker_id = NULL, finished_at = NULL, updated_at = :now
                 WHERE id = :id AND state IN ('failed', 'cancelled')
                   AND NOT EXISTS (SELECT 1 FROM job o WHERE o.dedupe_key = job.dedupe_key
                                   AND o.state IN ('queued', 'running'))""")
                .bind("now", now).bind("id", id).execute() == 1;
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getLong("id"), rs.getString("kind"), Rows.longOrNull(rs, "asset_id"), rs.getString("params"),
                rs.getString("dedupe_key"), JobState.parse(rs.getString("state")), rs.getInt("priority"),
                rs.getInt("attempts"), rs.getInt("max_attempts"), rs.getDouble("progress"), rs.getString("error"),
                rs.getString("worker_id"), instant(rs, "run_after"), instant(rs, "heartbeat_at"),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                instant(rs, "updated_at"));
    }
}
