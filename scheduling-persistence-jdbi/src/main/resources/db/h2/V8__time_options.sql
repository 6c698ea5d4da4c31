-- V8, H2: a task's time options, as in the PostgreSQL file of this version (db/postgresql).
ALTER TABLE tasks ADD COLUMN time_starts TIMESTAMP WITH TIME ZONE;
ALTER TABLE tasks ADD COLUMN time_ends TIMESTAMP WITH TIME ZONE;
ALTER TABLE tasks ADD COLUMN time_max_runs INTEGER;
ALTER TABLE tasks ADD COLUMN time_skip_dates VARCHAR;
ALTER TABLE tasks ADD COLUMN time_jitter VARCHAR(64);
ALTER TABLE tasks ADD COLUMN time_dst_gap VARCHAR(8) DEFAULT 'SHIFT' NOT NULL;
ALTER TABLE tasks ADD COLUMN time_dst_overlap VARCHAR(8) DEFAULT 'FIRST' NOT NULL;
