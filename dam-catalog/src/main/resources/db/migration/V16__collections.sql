-- Collections: named, nested groups of assets from anywhere (an asset can be in many). A collection's
-- children are its sub-collections (parent_id) and its items, each in a manual order (position).
-- A smart collection (query not NULL) holds no items: its assets are the live results of its search.
-- Deleting a collection deletes its items and (the service asks first) its sub-collections, never assets.
CREATE TABLE collection (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id      INTEGER REFERENCES collection (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    description    TEXT    NOT NULL DEFAULT '',
    -- the chosen cover; NULL: the first item (or first result) stands in
    cover_asset_id INTEGER REFERENCES asset (id) ON DELETE SET NULL,
    query          TEXT,
    filter         TEXT    NOT NULL DEFAULT '',
    position       INTEGER NOT NULL,
    created_by     TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
-- Names are unique among siblings (the roots are siblings too), ignoring case, so a path names one collection.
CREATE UNIQUE INDEX collection_sibling_name ON collection (ifnull(parent_id, 0), name COLLATE NOCASE);

-- Forgetting an asset removes it from every collection.
CREATE TABLE collection_item (
    collection_id INTEGER NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    asset_id      INTEGER NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    added_at      INTEGER NOT NULL,
    added_by      TEXT,
    PRIMARY KEY (collection_id, asset_id)
);
CREATE INDEX collection_item_asset ON collection_item (asset_id);
CREATE INDEX collection_item_order ON collection_item (collection_id, position);
