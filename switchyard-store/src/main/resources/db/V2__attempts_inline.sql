-- Attempts move into the generation row as a compact JSON array, so one request is one row written.
ALTER TABLE generations ADD COLUMN attempts TEXT NOT NULL DEFAULT '[]';
DROP TABLE IF EXISTS generation_attempts;
