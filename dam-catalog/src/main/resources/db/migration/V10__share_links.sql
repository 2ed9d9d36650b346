-- Read-only links to one asset or one batch, opened without an account. The token is kept in
-- clear, unlike session tokens and API keys: an editor must be able to copy a link again from the
-- list, and a link grants no more than playing a proxy and seeing a poster, which the people it
-- was sent to can already pass on. A password, when set, is kept as an Argon2id string.
-- A link follows what it shares: it goes with the asset or the batch (a batch by id, so a renamed
-- batch keeps its links).
CREATE TABLE share_link (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    token         TEXT    NOT NULL UNIQUE,
    asset_id      INTEGER REFERENCES asset (id) ON DELETE CASCADE,
    batch_id      INTEGER REFERENCES batch (id) ON DELETE CASCADE,
    created_by    TEXT,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER,
    password_hash TEXT,
    revoked_at    INTEGER,
    CHECK ((asset_id IS NULL) <> (batch_id IS NULL))
);
CREATE INDEX share_link_asset ON share_link (asset_id);
CREATE INDEX share_link_batch ON share_link (batch_id);
