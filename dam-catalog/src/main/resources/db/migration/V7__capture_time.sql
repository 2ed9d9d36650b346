-- When a version's content was shot (epoch ms, UTC) and where that came from
-- ('quicktime', 'exif', 'xmp', 'filename', 'mtime'). Local times without an offset count as UTC.
ALTER TABLE asset_version ADD COLUMN captured_at INTEGER;
ALTER TABLE asset_version ADD COLUMN capture_source TEXT;

-- Existing rows, best effort: the stored creation_time where SQLite parses it (ISO 8601 with or
-- without 'Z'/'+HH:MM') and it is plausible (1971..2099: 1904/1970 are muxers' zero dates). Until
-- now images stored their EXIF DateTimeOriginal there, everything else the container's tag.
UPDATE asset_version
   SET captured_at = CAST(round((julianday(creation_time) - 2440587.5) * 86400000) AS INTEGER),
       capture_source = CASE kind WHEN 'image' THEN 'exif' ELSE 'quicktime' END
 WHERE creation_time IS NOT NULL
   AND julianday(creation_time) BETWEEN julianday('1971-01-01') AND julianday('2100-01-01');

-- The rest: the file's modification time as last seen, else when the version was catalogued.
-- (File-name patterns apply from the next time a file's content is catalogued.)
UPDATE asset_version
   SET captured_at = coalesce((SELECT min(l.mtime_ms) FROM location l WHERE l.asset_id = asset_version.asset_id),
                              created_at),
       capture_source = 'mtime'
 WHERE captured_at IS NULL;

CREATE INDEX version_captured ON asset_version (captured_at);
