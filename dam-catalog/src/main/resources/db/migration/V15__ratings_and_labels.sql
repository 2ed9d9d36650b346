-- What people say about an asset at a glance: 0–5 stars, a favourite flag and a colour label
-- (the five colours editing tools share). The change_log trigger on asset covers these columns.
ALTER TABLE asset ADD COLUMN rating    INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5);
ALTER TABLE asset ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1));
ALTER TABLE asset ADD COLUMN label     TEXT CHECK (label IN ('red', 'yellow', 'green', 'blue', 'purple'));
CREATE INDEX asset_rating ON asset (rating) WHERE rating > 0;
CREATE INDEX asset_favourite ON asset (favourite) WHERE favourite = 1;
