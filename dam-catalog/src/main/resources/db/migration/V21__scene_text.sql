-- Text read on a beat's keyframe (on-screen text): one row per text region, in reading order, its box
-- normalised to 0..1 of the frame. Replaced whole for a scene when its keyframe is read again.
CREATE TABLE scene_text (
    id         INTEGER PRIMARY KEY,
    scene_id   INTEGER NOT NULL REFERENCES scene (id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    confidence REAL    NOT NULL,
    x          REAL    NOT NULL,
    y          REAL    NOT NULL,
    w          REAL    NOT NULL,
    h          REAL    NOT NULL,
    UNIQUE (scene_id, ordinal)
);

-- The text is part of its asset's search document. A scene's own deletion logs its asset already;
-- these cover text written or removed while the scene stays.
CREATE TRIGGER change_scene_text_insert AFTER INSERT ON scene_text BEGIN
    INSERT INTO change_log (asset_id, changed_at)
        SELECT asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM scene WHERE id = NEW.scene_id;
END;
CREATE TRIGGER change_scene_text_update AFTER UPDATE ON scene_text BEGIN
    INSERT INTO change_log (asset_id, changed_at)
        SELECT asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM scene WHERE id = NEW.scene_id;
END;
CREATE TRIGGER change_scene_text_delete AFTER DELETE ON scene_text BEGIN
    INSERT INTO change_log (asset_id, changed_at)
        SELECT asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM scene WHERE id = OLD.scene_id;
END;
