-- Live capture. capture_source holds the network sources people added and the settings chosen for any
-- source (a device's or the test pattern's row holds only its settings); a network source's credentials
-- are never here (they live in the home's secrets folder), its url is stored without them.
-- capture_take is one recording of one source, written before the recording starts so a crash leaves a
-- row that the next start finds (owner = node/pid@host of the process writing it). Neither table is
-- projected into the search index (a take's asset is, through its own rows): no change_log.
CREATE TABLE capture_source (
    id         TEXT    PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('test', 'device', 'network')),
    name       TEXT    NOT NULL,
    url        TEXT,
    width      INTEGER,
    height     INTEGER,
    rate       TEXT,     -- FrameRate "num/den"
    format     TEXT,
    audio      TEXT,
    transport  TEXT    CHECK (transport IN ('tcp', 'udp')),
    created_at INTEGER NOT NULL,
    created_by TEXT
);
CREATE TABLE capture_take (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    source           TEXT    NOT NULL,  -- not a reference: a device or test source has no row of its own
    name             TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('recording', 'finished', 'stopped-disk-full', 'failed', 'recovered')),
    staging_path     TEXT,
    path             TEXT,
    started_at       INTEGER NOT NULL,
    finished_at      INTEGER,
    start_timecode   TEXT,
    frame_rate       TEXT,
    duration_seconds REAL    NOT NULL DEFAULT 0,
    bytes            INTEGER NOT NULL DEFAULT 0,
    dropped_frames   INTEGER NOT NULL DEFAULT 0,
    operator         TEXT,
    owner            TEXT    NOT NULL,
    asset_id         INTEGER REFERENCES asset (id) ON DELETE SET NULL,
    batch            TEXT,
    error            TEXT
);
CREATE INDEX capture_take_state ON capture_take (state);
CREATE INDEX capture_take_asset ON capture_take (asset_id);
