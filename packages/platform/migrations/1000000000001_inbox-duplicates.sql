-- Up Migration

-- How often a consumer skipped a redelivered event: evidence that deduplication worked,
-- and a number worth watching (a high count points at a relay or broker replaying).
ALTER TABLE inbox ADD COLUMN duplicates integer NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE inbox DROP COLUMN duplicates;
