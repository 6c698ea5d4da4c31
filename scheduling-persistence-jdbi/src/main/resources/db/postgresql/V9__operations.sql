-- V9 (issue 23, operations), the same statements in db/postgresql and db/h2: backfill, cleanup tasks, silence alerts.
-- A pending run may be the backfill of a past fire, whose window is fixed from its first attempt and whose history
-- record replaces an unsuccessful one of the fire. NULL (every row before this version) is false.
ALTER TABLE tasks ADD COLUMN pending_backfill BOOLEAN;

-- A cleanup task's execution records what it removed (NULL on every other record).
ALTER TABLE executions ADD COLUMN removed_history INTEGER;
ALTER TABLE executions ADD COLUMN removed_deliveries INTEGER;
ALTER TABLE executions ADD COLUMN removed_files INTEGER;

-- Silence alerts: when the task last delivered, after how long without a delivery the notifier is told (ISO-8601
-- duration text, as retention), and when it was told (NULL while it is not silent).
ALTER TABLE tasks ADD COLUMN stats_last_delivered TIMESTAMP WITH TIME ZONE;
ALTER TABLE tasks ADD COLUMN alert_if_silent VARCHAR(40);
ALTER TABLE tasks ADD COLUMN silence_alerted_at TIMESTAMP WITH TIME ZONE;
