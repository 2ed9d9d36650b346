-- What the catalog last synchronised with each asset's XMP: where it came from (a sidecar, or the
-- packet embedded in the file), the sidecar's stamp and content hash when it was last read or
-- written (so a rescan notices a changed sidecar without reading unchanged ones), the values then
-- agreed on (the base of a three-way merge with later edits on either side), and what went wrong.
CREATE TABLE xmp_sync (
    asset_id     INTEGER PRIMARY KEY REFERENCES asset (id) ON DELETE CASCADE,
    source       TEXT    NOT NULL,          -- 'sidecar' or 'embedded'
    path         TEXT,                      -- the sidecar, null for embedded XMP
    size_bytes   INTEGER,
    mtime_millis INTEGER,
    hash         TEXT,                      -- SHA-256 of the sidecar as last read or written
    values_json  TEXT    NOT NULL,          -- {title, description, tags, rating, label} last agreed
    extra_json   TEXT,                      -- {logComment, markers} as read
    synced_at    INTEGER NOT NULL,
    error        TEXT,                      -- the last failure to read or write, null after a success
    conflicts    TEXT                       -- JSON list of the fields both sides changed at the last merge
);
CREATE INDEX xmp_sync_path ON xmp_sync (path);
