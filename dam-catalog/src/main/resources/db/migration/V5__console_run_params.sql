-- A preset run keeps its parameters as given, so it can be built (and checked) again when it runs.
ALTER TABLE console_run ADD COLUMN params TEXT NOT NULL DEFAULT '{}'; -- JSON object
