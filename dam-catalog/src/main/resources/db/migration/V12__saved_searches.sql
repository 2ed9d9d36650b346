-- Searches a person keeps to run again (shown in the dashboard's navigation): their own, by name.
-- A name is unique for its owner, ignoring case (saving under a taken name replaces that search).
-- filter holds the facet selections (kind:video batch:"Trips"), sort the chosen order (NULL: the default).
CREATE TABLE saved_search (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    query      TEXT    NOT NULL,
    filter     TEXT    NOT NULL DEFAULT '',
    sort       TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, name COLLATE NOCASE)
);
