-- What people add to an asset: a description and free tags.
ALTER TABLE asset ADD COLUMN description TEXT;

CREATE TABLE asset_tag (
    asset_id INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    tag      TEXT    NOT NULL,
    PRIMARY KEY (asset_id, tag)
);
CREATE INDEX asset_tag_tag ON asset_tag (tag);
