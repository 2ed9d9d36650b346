-- What the dashboard remembers for each person across browsers: the asset page's open tab, the
-- library's view and density, the theme. Values are small JSON documents the server only stores.
CREATE TABLE user_preference (
    user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    pref_key   TEXT    NOT NULL,
    value_json TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, pref_key)
);
