-- History of ffmpeg console runs: what was run on which file, how it ended, what it made.
CREATE TABLE console_run (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_id    INTEGER REFERENCES asset (id) ON DELETE SET NULL,
    source_path TEXT    NOT NULL,
    preset      TEXT,
    tokens      TEXT    NOT NULL, -- JSON array: the command as a token list, with {{input}}/{{output…}} placeholders
    display     TEXT    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'ok', 'failed', 'timed_out', 'cancelled',
                                                  'output_limit')),
    job_id      INTEGER,
    exit_code   INTEGER,
    duration_ms INTEGER,
    outputs     TEXT    NOT NULL DEFAULT '[]', -- JSON array of output names (derivative kinds for assets)
    message     TEXT,
    stderr_tail TEXT,
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX console_run_asset ON console_run (asset_id, id);
