-- A console run can end at its memory limit: 'memory_limit' joins the states. SQLite cannot change a
-- CHECK constraint in place, so the table is rebuilt with the same columns and every row copied.
-- Nothing references console_run, so dropping the old table is safe with foreign keys on.
CREATE TABLE console_run_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_id    INTEGER REFERENCES asset (id) ON DELETE SET NULL,
    source_path TEXT    NOT NULL,
    preset      TEXT,
    tokens      TEXT    NOT NULL, -- JSON array: the command as a token list, with {{input}}/{{output…}} placeholders
    display     TEXT    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'ok', 'failed', 'timed_out', 'cancelled',
                                                  'output_limit', 'memory_limit')),
    job_id      INTEGER,
    exit_code   INTEGER,
    duration_ms INTEGER,
    outputs     TEXT    NOT NULL DEFAULT '[]', -- JSON array of output names (derivative kinds for assets)
    message     TEXT,
    stderr_tail TEXT,
    created_at  INTEGER NOT NULL,
    finished_at INTEGER,
    params      TEXT    NOT NULL DEFAULT '{}' -- JSON object
);
INSERT INTO console_run_new (id, asset_id, source_path, preset, tokens, display, state, job_id, exit_code, duration_ms,
                             outputs, message, stderr_tail, created_at, finished_at, params)
SELECT id, asset_id, source_path, preset, tokens, display, state, job_id, exit_code, duration_ms,
       outputs, message, stderr_tail, created_at, finished_at, params
FROM console_run;
-- Keep the id counter: the id of a deleted newest run is never handed out again (run ids name derivatives).
DELETE FROM sqlite_sequence WHERE name = 'console_run_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'console_run_new', seq FROM sqlite_sequence WHERE name = 'console_run';
DROP TABLE console_run;
ALTER TABLE console_run_new RENAME TO console_run;
CREATE INDEX console_run_asset ON console_run (asset_id, id);
