-- Beats whose keyframe has been read for on-screen text (with or without text found), so that an interrupted
-- reading resumes from the first beat not read yet. Not part of the search document: no change_log triggers.
CREATE TABLE scene_text_read (
    scene_id INTEGER PRIMARY KEY REFERENCES scene (id) ON DELETE CASCADE
);

-- Keyframes read before this table existed: those with text were surely read.
INSERT OR IGNORE INTO scene_text_read (scene_id) SELECT DISTINCT scene_id FROM scene_text;
