-- The controlled vocabulary: a tree of terms. A term's label is its preferred word; its full path
-- (labels from the root joined by '/') is what tags store. label_key is the label folded to lower case
-- (by the application, which folds beyond ASCII): labels are unique among siblings ignoring case.
CREATE TABLE vocab_term (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id   INTEGER REFERENCES vocab_term (id) ON DELETE CASCADE,
    label       TEXT    NOT NULL,
    label_key   TEXT    NOT NULL,
    description TEXT,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX vocab_term_sibling ON vocab_term (coalesce(parent_id, 0), label_key);

-- Other words for a term (non-preferred labels): tagging or searching with one means the term.
CREATE TABLE vocab_synonym (
    term_id   INTEGER NOT NULL REFERENCES vocab_term (id) ON DELETE CASCADE,
    label     TEXT    NOT NULL,
    label_key TEXT    NOT NULL,
    PRIMARY KEY (term_id, label_key)
);
CREATE INDEX vocab_synonym_key ON vocab_synonym (label_key);

-- Library-wide vocabulary settings (name → value), e.g. tags_restricted = 'true'.
CREATE TABLE vocab_setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A counter every change to the vocabulary bumps, whichever process makes it, so a process that
-- keeps the vocabulary in memory knows with one read whether its copy is current.
INSERT INTO vocab_setting (name, value) VALUES ('version', '0');
CREATE TRIGGER vocab_term_insert AFTER INSERT ON vocab_term BEGIN
    UPDATE vocab_setting SET value = CAST(value AS INTEGER) + 1 WHERE name = 'version';
END;
CREATE TRIGGER vocab_term_update AFTER UPDATE ON vocab_term BEGIN
    UPDATE vocab_setting SET value = CAST(value AS INTEGER) + 1 WHERE name = 'version';
END;
CREATE TRIGGER vocab_term_delete AFTER DELETE ON vocab_term BEGIN
    UPDATE vocab_setting SET value = CAST(value AS INTEGER) + 1 WHERE name = 'version';
END;
CREATE TRIGGER vocab_synonym_insert AFTER INSERT ON vocab_synonym BEGIN
    UPDATE vocab_setting SET value = CAST(value AS INTEGER) + 1 WHERE name = 'version';
END;
CREATE TRIGGER vocab_synonym_delete AFTER DELETE ON vocab_synonym BEGIN
    UPDATE vocab_setting SET value = CAST(value AS INTEGER) + 1 WHERE name = 'version';
END;
