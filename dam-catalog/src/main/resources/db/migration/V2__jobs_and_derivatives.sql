-- Persistent jobs: the work queue survives restarts.
CREATE TABLE job (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL,
    asset_id     INTEGER REFERENCES asset (id) ON DELETE CASCADE,
    params       TEXT    NOT NULL DEFAULT '',
    dedupe_key   TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
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
-- The same work (kind + subject + params) is queued or running at most once.
CREATE UNIQUE INDEX job_active_dedupe ON job (dedupe_key) WHERE state IN ('queued', 'running');
CREATE INDEX job_claim ON job (state, priority, run_after, id);
CREATE INDEX job_asset ON job (asset_id);

-- Files derived from an asset's content (posters, sprites, proxies), stored under derivatives/.
CREATE TABLE derivative (
    asset_id   INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    version_id INTEGER NOT NULL,
    path       TEXT    NOT NULL,
    mime       TEXT    NOT NULL,
    size_bytes INTEGER NOT NULL,
    width      INTEGER,
    height     INTEGER,
    detail     TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (asset_id, kind)
);
