-- Pruning deletes history and delivery-log entries by age; without these it scans both tables.
CREATE INDEX executions_finished_idx ON executions (finished_at);
CREATE INDEX delivery_log_recorded_idx ON delivery_log (recorded_at);
