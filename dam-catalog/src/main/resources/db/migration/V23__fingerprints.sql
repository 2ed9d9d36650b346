-- A compact fingerprint of each video's picture content, to find near-duplicates (re-encodes,
-- resized copies, copies with extra black at the ends). One row per asset, for the version it was
-- made from (a newer version gets its own). Not projected into the search index: no change_log.
CREATE TABLE fingerprint (
    asset_id          INTEGER PRIMARY KEY REFERENCES asset (id) ON DELETE CASCADE,
    version_id        INTEGER NOT NULL,
    algo              TEXT    NOT NULL,  -- how data was made, e.g. 'phash64@2fps'
    sample_rate       REAL    NOT NULL,  -- frames per second of content that data holds
    data              BLOB    NOT NULL,  -- one 64-bit hash per sampled frame of the content range, little-endian
    content_start_sec REAL    NOT NULL,  -- where the content starts (leading black, slates, silence skipped)
    content_end_sec   REAL    NOT NULL,
    coarse            INTEGER NOT NULL,  -- a 64-bit summary of data, to prune candidate pairs cheaply
    created_at        INTEGER NOT NULL
);
-- candidates are looked up by the length of their content
CREATE INDEX fingerprint_length ON fingerprint (content_end_sec - content_start_sec);
