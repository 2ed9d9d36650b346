-- A job can end as 'skipped': its work was not needed (the version it was for was superseded, the
-- original already plays in a browser, there is no stream to work on). SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt with the same columns and every row copied.
-- Nothing references job, so dropping the old table is safe with foreign keys on.
CREATE TABLE job_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL,
    asset_id     INTEGER REFERENCES asset (id) ON DELETE CASCADE,
    params       TEXT    NOT NULL DEFAULT '',
    dedupe_key   TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'skipped', 'failed', 'cancelled')),
    priority     INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    progress     REAL    NOT NULL DEFAULT 0,
    error        TEXT,
    worker_id    TEXT,
    run_after    INTEGER NOT NULL,
    heartbeat_at INTEGER,
    created_at   INTEGER NOT NULL,
    started_at   INTEGER,
    finished_at  INTEGER,
    updated_at   INTEGER NOT NULL
);
INSERT INTO job_new (id, kind, asset_id, params, dedupe_key, state, priority, attempts, max_attempts, progress, error,
                     worker_id, run_after, heartbeat_at, created_at, started_at, finished_at, updated_at)
SELECT id, kind, asset_id, params, dedupe_key, state, priority, attempts, max_attempts, progress, error,
       worker_id, run_after, heartbeat_at, created_at, started_at, finished_at, updated_at
FROM job;
-- Keep the id counter: job ids are shown to users and name console runs' outputs.
DELETE FROM sqlite_sequence WHERE name = 'job_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'job_new', seq FROM sqlite_sequence WHERE name = 'job';
DROP TABLE job;
ALTER TABLE job_new RENAME TO job;
CREATE UNIQUE INDEX job_active_dedupe ON job (dedupe_key) WHERE state IN ('queued', 'running');
CREATE INDEX job_claim ON job (state, priority, run_after, id);
CREATE INDEX job_asset ON job (asset_id);
-- Retention and the measured rate of recent work look jobs up by when they finished.
CREATE INDEX job_finished ON job (finished_at) WHERE finished_at IS NOT NULL;

-- The queue as a whole: paused (no new job starts, in any process) until resumed. One row.
CREATE TABLE job_queue (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    paused_at INTEGER,
    paused_by TEXT
);
INSERT INTO job_queue (id) VALUES (1);
