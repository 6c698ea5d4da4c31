-- The due time a task was last handed out for. A claim sets it to the due time it leases and reports whether it
-- was different before: when it was, no node held this task for this due time before (a first holder), and the
-- scheduler need not read the delivery log for that work. Rows that exist at the upgrade get their current due
-- time, so their next claim of that due time is never taken for a first one (an older node may have held it).
ALTER TABLE tasks ADD COLUMN claimed_due TIMESTAMP WITH TIME ZONE;
UPDATE tasks SET claimed_due = due_at;
