-- The stamp of each sidecar file when it was last read or written for an asset, per sidecar and
-- asset: several sidecars may describe one asset (each copy of a clip has its own), and a rescan
-- passes over a sidecar whose size, mtime and inode are as recorded without opening it, like an
-- unchanged media file. xmp_sync keeps one row per asset (what was last agreed on).
CREATE TABLE xmp_sidecar (
    path         TEXT    NOT NULL,
    asset_id     INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    size_bytes   INTEGER NOT NULL,
    mtime_millis INTEGER NOT NULL,
    inode        INTEGER,
    PRIMARY KEY (path, asset_id)
);
CREATE INDEX xmp_sidecar_asset ON xmp_sidecar (asset_id);
