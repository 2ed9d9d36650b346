-- The hierarchy inside a video: level 1 = scenes (shots between real cuts), level 2 = beats (a few seconds each)
-- inside a scene. A beat's keyframe (level 3) is the sharpest representative frame of the beat, a small JPEG whose
-- path is relative to the asset's derivative folder; a scene carries the keyframe of its most representative beat.
-- Rows belong to one content version and are replaced as a whole when the video is analysed again.
CREATE TABLE scene (
    id           INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: links and the index name scenes by id
    asset_id     INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    version_id   INTEGER NOT NULL,
    level        INTEGER NOT NULL CHECK (level IN (1, 2)),
    parent_id    INTEGER REFERENCES scene (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    start_sec    REAL    NOT NULL,
    end_sec      REAL    NOT NULL,
    keyframe_sec REAL,
    keyframe     TEXT,
    score        REAL
);
CREATE INDEX scene_asset ON scene (asset_id, level, ordinal);
CREATE INDEX scene_parent ON scene (parent_id);

-- Scenes are part of what the index projects of an asset (time-ranged hits).
CREATE TRIGGER change_scene_insert AFTER INSERT ON scene BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_scene_update AFTER UPDATE ON scene BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_scene_delete AFTER DELETE ON scene BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (OLD.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
