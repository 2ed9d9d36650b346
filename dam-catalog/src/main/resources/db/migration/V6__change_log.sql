-- The change log: one sequence-numbered row per change to what the search index projects of an asset
-- (the asset, its versions, locations, tags, its batch's name). Written by triggers, so every writer
-- (any process, any code path) records its changes in the same transaction. Indexes follow it from
-- their last applied seq; old rows are trimmed once every follower is past them.
CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_id   INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
);

CREATE TRIGGER change_asset_insert AFTER INSERT ON asset BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_asset_update AFTER UPDATE ON asset BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_asset_delete AFTER DELETE ON asset BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (OLD.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER change_version_insert AFTER INSERT ON asset_version BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_version_update AFTER UPDATE ON asset_version BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_version_delete AFTER DELETE ON asset_version BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (OLD.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER change_location_insert AFTER INSERT ON location BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
-- A location moving to another asset changes both.
CREATE TRIGGER change_location_update AFTER UPDATE ON location BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
    INSERT INTO change_log (asset_id, changed_at)
        SELECT OLD.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER) WHERE OLD.asset_id <> NEW.asset_id;
END;
CREATE TRIGGER change_location_delete AFTER DELETE ON location BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (OLD.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER change_tag_insert AFTER INSERT ON asset_tag BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_tag_update AFTER UPDATE ON asset_tag BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_tag_delete AFTER DELETE ON asset_tag BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (OLD.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

-- A batch's name is part of each of its assets' documents.
CREATE TRIGGER change_batch_rename AFTER UPDATE OF name ON batch BEGIN
    INSERT INTO change_log (asset_id, changed_at)
        SELECT id, CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM asset WHERE batch_id = NEW.id;
END;
-- Runs before the assets' batch_id is set to NULL, while they can still be found.
CREATE TRIGGER change_batch_delete BEFORE DELETE ON batch BEGIN
    INSERT INTO change_log (asset_id, changed_at)
        SELECT id, CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM asset WHERE batch_id = OLD.id;
END;
