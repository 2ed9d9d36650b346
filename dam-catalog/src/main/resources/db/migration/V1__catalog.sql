-- The catalog: what the library knows about users' files. Times are epoch milliseconds (UTC).

CREATE TABLE library_root (
    id         INTEGER PRIMARY KEY,
    path       TEXT    NOT NULL UNIQUE,
    added_at   INTEGER NOT NULL
);

CREATE TABLE batch (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- AUTOINCREMENT: an id is never reused, because derivatives on disk are keyed by it.
CREATE TABLE asset (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    kind               TEXT    NOT NULL CHECK (kind IN ('video', 'audio', 'image', 'other')),
    title              TEXT    NOT NULL,
    batch_id           INTEGER REFERENCES batch (id) ON DELETE SET NULL,
    status             TEXT    NOT NULL CHECK (status IN ('ok', 'failed', 'missing')),
    error              TEXT,
    current_version_id INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX asset_batch   ON asset (batch_id);
CREATE INDEX asset_status  ON asset (status);
CREATE INDEX asset_kind    ON asset (kind);
CREATE INDEX asset_created ON asset (created_at);

-- One row per distinct content an asset has had; the newest is asset.current_version_id.
CREATE TABLE asset_version (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_id      INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    version_no    INTEGER NOT NULL,
    size_bytes    INTEGER NOT NULL,
    quick_hash    TEXT    NOT NULL,
    full_hash     TEXT,
    created_at    INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    container     TEXT,
    duration_sec  REAL,
    bit_rate      INTEGER,
    width         INTEGER,
    height        INTEGER,
    fps           REAL,
    video_codec   TEXT,
    audio_codec   TEXT,
    rotation      INTEGER,
    creation_time TEXT,
    timecode      TEXT,
    gps_lat       REAL,
    gps_lon       REAL,
    camera_make   TEXT,
    camera_model  TEXT,
    title_tag     TEXT,
    comment_tag   TEXT,
    probe_json    TEXT,
    error         TEXT,
    UNIQUE (asset_id, version_no)
);
CREATE INDEX version_identity ON asset_version (size_bytes, quick_hash);
CREATE INDEX version_asset    ON asset_version (asset_id);

CREATE TABLE media_stream (
    version_id   INTEGER NOT NULL REFERENCES asset_version (id) ON DELETE CASCADE,
    stream_index INTEGER NOT NULL,
    type         TEXT    NOT NULL,
    codec        TEXT,
    profile      TEXT,
    width        INTEGER,
    height       INTEGER,
    fps          REAL,
    pix_fmt      TEXT,
    rotation     INTEGER,
    sample_rate  INTEGER,
    channels     INTEGER,
    channel_layout TEXT,
    language     TEXT,
    bit_rate     INTEGER,
    PRIMARY KEY (version_id, stream_index)
);

-- Where an asset's bytes are found. The same content at two paths is one asset with two locations.
CREATE TABLE location (
    id          INTEGER PRIMARY KEY,
    asset_id    INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    path        TEXT    NOT NULL UNIQUE,
    size_bytes  INTEGER NOT NULL,
    mtime_ms    INTEGER NOT NULL,
    inode       INTEGER,
    quick_hash  TEXT    NOT NULL,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    missing     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX location_asset ON location (asset_id);

-- Every copy-import: which content went where, so the same bytes are never imported twice.
CREATE TABLE copy_ledger (
    id          INTEGER PRIMARY KEY,
    full_hash   TEXT    NOT NULL,
    source_path TEXT,
    destination TEXT    NOT NULL,
    copied_at   INTEGER NOT NULL
);
CREATE INDEX ledger_hash ON copy_ledger (full_hash);
