-- Embeddings: one vector per (asset, model) for the asset's text, and per (scene, model) for what a scene shows
-- or says. The vector is float32 little-endian; source_hash identifies the input it was computed from, so an
-- unchanged input is not embedded again. The search index projects them (vector fields), hence the change rows.
CREATE TABLE asset_embedding (
    asset_id    INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    model       TEXT    NOT NULL,          -- 'text' or 'visual'
    source_hash TEXT    NOT NULL,
    vector      BLOB    NOT NULL,
    PRIMARY KEY (asset_id, model)
);

CREATE TABLE scene_embedding (
    scene_id    INTEGER NOT NULL REFERENCES scene (id) ON DELETE CASCADE,
    asset_id    INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    model       TEXT    NOT NULL,
    source_hash TEXT    NOT NULL,
    vector      BLOB    NOT NULL,
    PRIMARY KEY (scene_id, model)
);
CREATE INDEX scene_embedding_asset ON scene_embedding (asset_id);

CREATE TRIGGER change_asset_embedding_insert AFTER INSERT ON asset_embedding BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_asset_embedding_update AFTER UPDATE ON asset_embedding BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_asset_embedding_delete AFTER DELETE ON asset_embedding BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (OLD.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER change_scene_embedding_insert AFTER INSERT ON scene_embedding BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_scene_embedding_update AFTER UPDATE ON scene_embedding BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_scene_embedding_delete AFTER DELETE ON scene_embedding BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (OLD.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
