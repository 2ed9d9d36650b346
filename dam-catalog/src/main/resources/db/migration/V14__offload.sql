-- Verified offload (camera card → library). The copy ledger gains what a verified copy proves: the
-- source's size and modification time, its xxh64 (and md5/sha1 when asked for), who copied it, into
-- which batch, by which import and under which destination folder. full_hash becomes optional (an
-- import knows the xxh64 of the whole file, not the catalog's full hash). Nothing references
-- copy_ledger, so it is rebuilt with its rows copied.
-- One import: what was asked, how far it got (updated as each file is done), and what failed.
CREATE TABLE import_run (
    id            INTEGER PRIMARY KEY,
    job_id        INTEGER,
    source        TEXT    NOT NULL,
    destinations  TEXT    NOT NULL, -- JSON array of folders
    batch         TEXT,
    hashes        TEXT    NOT NULL, -- "xxh64,md5"
    user_name     TEXT,
    state         TEXT    NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
    files_total   INTEGER NOT NULL DEFAULT 0,
    bytes_total   INTEGER NOT NULL DEFAULT 0,
    files_done    INTEGER NOT NULL DEFAULT 0,
    files_skipped INTEGER NOT NULL DEFAULT 0,
    bytes_done    INTEGER NOT NULL DEFAULT 0,
    current_file  TEXT,
    failures      TEXT    NOT NULL DEFAULT '[]', -- JSON array of {"path", "error"}
    error         TEXT,
    started_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    finished_at   INTEGER
);
CREATE INDEX import_run_started ON import_run (started_at);
CREATE INDEX import_run_job ON import_run (job_id);

CREATE TABLE copy_ledger_new (
    id               INTEGER PRIMARY KEY,
    full_hash        TEXT,
    source_path      TEXT,
    destination      TEXT    NOT NULL,
    copied_at        INTEGER NOT NULL,
    size_bytes       INTEGER,
    source_mtime_ms  INTEGER,
    xxh64            TEXT,
    md5              TEXT,
    sha1             TEXT,
    user_name        TEXT,
    batch            TEXT,
    import_id        INTEGER REFERENCES import_run (id) ON DELETE SET NULL,
    destination_root TEXT
);
INSERT INTO copy_ledger_new (id, full_hash, source_path, destination, copied_at)
SELECT id, full_hash, source_path, destination, copied_at FROM copy_ledger;
DROP TABLE copy_ledger;
ALTER TABLE copy_ledger_new RENAME TO copy_ledger;
CREATE INDEX ledger_hash ON copy_ledger (full_hash);
CREATE INDEX ledger_destination ON copy_ledger (destination);
CREATE INDEX ledger_source ON copy_ledger (source_path, destination);
