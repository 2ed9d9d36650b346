package org.thatdam.catalog.sql;

import static org.thatdam.catalog.sql.Rows.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.JobRepository;
import org.thatdam.model.Job;
import org.thatdam.model.JobGrouping;
import org.thatdam.model.JobState;
import org.thatdam.model.NewJob;

final class JdbiJobRepository implements JobRepository {

    private final Handle h;
    private final SqlDialect dialect;

    JdbiJobRepository(Handle h, SqlDialect dialect) {
        this.h = h;
        this.dialect = dialect;
    }

    @Override
    public long enqueue(NewJob j, long now) {
        Optional<Long> active = active(j.dedupeKey());
        if (active.isPresent()) {
            return active.get();
        }
        // Another node may enqueue the same work meanwhile (PostgreSQL, outside the write lock): the
        // active-dedupe index then keeps one, and this one answers with it.
        return h.createQuery("""
                INSERT INTO job (kind, asset_id, params, dedupe_key, state, priority, max_attempts, run_after,
                                 created_at, updated_at)
                VALUES (:kind, :asset, :params, :key, 'queued', :prio, :max, :now, :now, :now)
                ON CONFLICT (dedupe_key) WHERE state IN ('queued', 'running') DO NOTHING RETURNING id""")
                .bind("kind", j.kind()).bind("asset", j.assetId()).bind("params", j.params() == null ? "" : j.params())
                .bind("key", j.dedupeKey()).bind("prio", j.priority()).bind("max", j.maxAttempts()).bind("now", now)
                .mapTo(Long.class).findOne().or(() -> active(j.dedupeKey())).orElseThrow();
    }

    private Optional<Long> active(String dedupeKey) {
        return h.createQuery("SELECT id FROM job WHERE dedupe_key = :k AND state IN ('queued', 'running')")
                .bind("k", dedupeKey).mapTo(Long.class).findOne();
    }

    @Override
    public Optional<Job> find(long id) {
        return h.createQuery("SELECT * FROM job WHERE id = :id").bind("id", id).map((rs, ctx) -> job(rs)).findOne();
    }

    @Override
    public List<Job> list(JobState state, int limit) {
        return list(state, null, 0, limit);
    }

    @Override
    public List<Job> list(JobState state, String kind, int offset, int limit) {
        String where = (state == null ? "" : " AND state = :state") + (kind == null ? "" : " AND kind = :kind");
        var q = h.createQuery("SELECT * FROM job WHERE 1 = 1" + where + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset);
        if (state != null) q.bind("state", state.id());
        if (kind != null) q.bind("kind", kind);
        return q.map((rs, ctx) -> job(rs)).list();
    }

    /** The grouping column: jobs without an asset form one group with the key "". */
    private static String groupColumn(JobGrouping by) {
        return by == JobGrouping.ASSET ? "COALESCE(CAST(asset_id AS TEXT), '')" : "kind";
    }

    /** Counts of every state, as SQL sums named after the states. */
    private static String stateSums() {
        StringBuilder sb = new StringBuilder();
        for (JobState s : JobState.values()) {
            sb.append(", sum(CASE WHEN state = '").append(s.id()).append("' THEN 1 ELSE 0 END) AS n_").append(s.id());
        }
        return sb.toString();
    }

    private static Map<JobState, Long> stateCounts(ResultSet rs) throws SQLException {
        Map<JobState, Long> m = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) m.put(s, rs.getLong("n_" + s.id()));
        return m;
    }

    @Override
    public List<Group> groups(JobGrouping by, int offset, int limit) {
        // Grouped in a subquery: PostgreSQL's ORDER BY takes output names only as whole terms.
        return h.createQuery("SELECT * FROM (SELECT " + groupColumn(by) + " AS k" + stateSums()
                        + ", sum(CASE WHEN state = 'running' THEN progress ELSE 0 END) AS p, max(updated_at) AS u"
                        + " FROM job GROUP BY " + groupColumn(by) + ") g"
                        + " ORDER BY n_failed > 0 DESC, n_running > 0 DESC, n_queued > 0 DESC, u DESC, k"
                        + " LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> new Group(rs.getString("k"), stateCounts(rs), rs.getDouble("p"), instant(rs, "u")))
                .list();
    }

    @Override
    public int groupCount(JobGrouping by) {
        return h.createQuery("SELECT count(*) FROM (SELECT 1 FROM job GROUP BY " + groupColumn(by) + ") g")
                .mapTo(Integer.class).one();
    }

    @Override
    public List<Job> inGroup(JobGrouping by, String key, int limit) {
        return h.createQuery("SELECT * FROM job WHERE " + groupColumn(by) + " = :k"
                        + " ORDER BY CASE state WHEN 'failed' THEN 0 WHEN 'running' THEN 1 WHEN 'queued' THEN 2 ELSE 3 END,"
                        + " COALESCE(finished_at, 0) DESC, id DESC LIMIT :limit")
                .bind("k", key).bind("limit", limit).map((rs, ctx) -> job(rs)).list();
    }

    @Override
    public Stats stats(long rateSince) {
        Map<String, Map<JobState, Long>> counts = new TreeMap<>();
        Map<String, Double> progress = new TreeMap<>();
        h.createQuery("SELECT kind" + stateSums() + ", sum(CASE WHEN state = 'running' THEN progress ELSE 0 END) AS p"
                        + " FROM job GROUP BY kind")
                .map((rs, ctx) -> {
                    counts.put(rs.getString("kind"), stateCounts(rs));
                    progress.put(rs.getString("kind"), rs.getDouble("p"));
                    return rs.getString("kind");
                }).list();
        Long since = h.createQuery("SELECT min(created_at) FROM job WHERE state IN ('queued', 'running')")
                .mapTo(Long.class).one();
        long finished = since == null ? 0 : h.createQuery(
                        "SELECT count(*) FROM job WHERE state NOT IN ('queued', 'running') AND finished_at >= :since")
                .bind("since", since).mapTo(Long.class).one();
        List<Throughput> rates = h.createQuery("""
                SELECT kind, count(*) AS n, min(started_at) AS s, max(finished_at) AS f FROM job
                 WHERE state IN ('done', 'skipped') AND finished_at >= :since AND started_at IS NOT NULL
                 GROUP BY kind""")
                .bind("since", rateSince)
                .map((rs, ctx) -> new Throughput(rs.getString("kind"), rs.getLong("n"), instant(rs, "s"), instant(rs, "f")))
                .list();
        return new Stats(counts, progress, since == null ? null : Instant.ofEpochMilli(since), finished, rates);
    }

    @Override
    public Optional<Pause> pause() {
        return h.createQuery("SELECT paused_at, paused_by FROM job_queue WHERE id = 1 AND paused_at IS NOT NULL")
                .map((rs, ctx) -> new Pause(instant(rs, "paused_at"), rs.getString("paused_by"))).findOne();
    }

    @Override
    public boolean setPaused(String by, long now) {
        if (by != null) {
            return h.createUpdate("UPDATE job_queue SET paused_at = :now, paused_by = :by WHERE id = 1 AND paused_at IS NULL")
                    .bind("now", now).bind("by", by).execute() == 1;
        }
        return h.createUpdate("UPDATE job_queue SET paused_at = NULL, paused_by = NULL WHERE id = 1 AND paused_at IS NOT NULL")
                .execute() == 1;
    }

    @Override
    public int deleteFinished(Set<JobState> states, long finishedBefore) {
        List<String> ids = states.stream().filter(JobState::finished).map(JobState::id).toList();
        if (ids.isEmpty()) return 0;
        return h.createUpdate("DELETE FROM job WHERE state IN (<states>) AND finished_at < :before")
                .bindList("states", ids).bind("before", finishedBefore).execute();
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
        return claim(kinds, null, workerId, now);
    }

    @Override
    public Optional<Job> claimAmong(Set<String> kinds, java.util.Collection<Long> ids, String workerId, long now) {
        return ids.isEmpty() ? Optional.empty() : claim(kinds, ids, workerId, now);
    }

    /** {@code ids}: null for any job. */
    private Optional<Job> claim(Set<String> kinds, java.util.Collection<Long> ids, String workerId, long now) {
        if (kinds.isEmpty()) return Optional.empty();
        var query = h.createQuery("""
                SELECT id FROM job WHERE state = 'queued' AND run_after <= :now AND kind IN (<kinds>)
                   AND NOT EXISTS (SELECT 1 FROM job_queue WHERE paused_at IS NOT NULL)"""
                + (ids == null ? "" : " AND id IN (<ids>)") + " ORDER BY priority, id LIMIT 1" + dialect.lockSkippingLocked())
                .bind("now", now).bindList("kinds", List.copyOf(kinds));
        if (ids != null) query.bindList("ids", List.copyOf(ids));
        Optional<Long> next = query.mapTo(Long.class).findOne();
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
                       progress = CASE WHEN :s IN ('done', 'skipped') THEN 1 ELSE progress END
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
                UPDATE job SET state = 'queued', attempts = %s(attempts - 1, 0), error = :e, run_after = :now,
                       worker_id = NULL, progress = 0, updated_at = :now
                 WHERE id = :id AND state = 'running' AND worker_id = :w""".formatted(dialect.greatest()))
                .bind("e", error).bind("now", now).bind("id", id).bind("w", workerId).execute();
    }

    /**
     * What a job left running by a worker that stopped becomes: failed once its attempts are used
     * up (a job that kills its worker would otherwise be requeued forever), else queued again.
     * SQLite reads every column of the SET list from the row as it was.
     */
    private static final String WORKER_STOPPED = """
            UPDATE job SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                   error = 'the worker stopped while running this job (attempt ' || attempts || ' of ' || max_attempts || ')'
                           || CASE WHEN attempts >= max_attempts THEN '' ELSE '; requeued' END,
                   finished_at = CASE WHEN attempts >= max_attempts THEN :now ELSE finished_at END,
                   worker_id = CASE WHEN attempts >= max_attempts THEN worker_id END,
                   run_after = CASE WHEN attempts >= max_attempts THEN run_after ELSE :now END,
                   updated_at = :now
             WHERE state = 'running' AND """;

    @Override
    public int reclaimStale(long staleBefore, long now) {
        return h.createUpdate(WORKER_STOPPED + " (heartbeat_at IS NULL OR heartbeat_at < :stale)")
                .bind("stale", staleBefore).bind("now", now).execute();
    }

    @Override
    public boolean reclaim(long id, String workerId, long now) {
        return h.createUpdate(WORKER_STOPPED + " id = :id AND worker_id = :w")
                .bind("id", id).bind("w", workerId).bind("now", now).execute() == 1;
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
