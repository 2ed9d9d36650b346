-- Custom fields: definitions an admin makes, and each asset's values for them.
-- name is the stable key (searches and the API use it); label is what people read.
CREATE TABLE field_definition (
    name       TEXT    PRIMARY KEY,
    label      TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    required   INTEGER NOT NULL DEFAULT 0,
    kinds      TEXT    NOT NULL,            -- comma-separated asset kinds it applies to: video,audio,image
    help       TEXT,
    choices    TEXT,                         -- the choices of a choice field, one per line, in order
    vocabulary TEXT,                         -- a vocabulary branch its values must be terms under
    position   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One row per value (a multiple choice has one row per choice, so facets and filters use the index):
-- text is the canonical text form of every type, number the numeric form of numbers, dates (epoch ms
-- of the day, UTC) and booleans (0/1), so ranges are indexable.
CREATE TABLE asset_field (
    asset_id INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    field    TEXT    NOT NULL REFERENCES field_definition (name) ON DELETE CASCADE,
    seq      INTEGER NOT NULL DEFAULT 0,
    text     TEXT    NOT NULL,
    number   REAL,
    PRIMARY KEY (asset_id, field, seq)
);
CREATE INDEX asset_field_text ON asset_field (field, text);
CREATE INDEX asset_field_number ON asset_field (field, number);

-- The search index projects field values: every change goes to the change log (see V6).
CREATE TRIGGER change_field_insert AFTER INSERT ON asset_field BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_field_update AFTER UPDATE ON asset_field BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (NEW.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER change_field_delete AFTER DELETE ON asset_field BEGIN
    INSERT INTO change_log (asset_id, changed_at) VALUES (OLD.asset_id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
