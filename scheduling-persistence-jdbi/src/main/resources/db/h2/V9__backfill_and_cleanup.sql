-- V9, H2 (the PostgreSQL file of this version is in db/postgresql, the same statement): a pending run may be the
-- backfill of a past fire, whose window is fixed from its first attempt and whose history record replaces an
-- unsuccessful one of the fire. NULL (every row before this version) is false.
ALTER TABLE tasks ADD COLUMN pending_backfill BOOLEAN;

-- A cleanup task's execution records what it removed (NULL on every other record).
ALTER TABLE executions ADD COLUMN removed_history INTEGER;
ALTER TABLE executions ADD COLUMN removed_deliveries INTEGER;
ALTER TABLE executions ADD COLUMN removed_files INTEGER;
