-- V8, PostgreSQL (the H2 file of the same version is in db/h2, the same statements): a task's time options.
-- Bounds are instants (NULL: unbounded), the run limit an integer (NULL: none), skip dates the comma-separated
-- text of the CLI (YYYY-MM-DD or MM-DD; NULL: none), jitter an ISO-8601 duration (NULL: none), and the DST
-- policy enum names whose defaults are today's behaviour, so existing rows keep it.
ALTER TABLE tasks ADD COLUMN time_starts TIMESTAMP WITH TIME ZONE;
ALTER TABLE tasks ADD COLUMN time_ends TIMESTAMP WITH TIME ZONE;
ALTER TABLE tasks ADD COLUMN time_max_runs INTEGER;
ALTER TABLE tasks ADD COLUMN time_skip_dates VARCHAR;
ALTER TABLE tasks ADD COLUMN time_jitter VARCHAR(64);
ALTER TABLE tasks ADD COLUMN time_dst_gap VARCHAR(8) DEFAULT 'SHIFT' NOT NULL;
ALTER TABLE tasks ADD COLUMN time_dst_overlap VARCHAR(8) DEFAULT 'FIRST' NOT NULL;
