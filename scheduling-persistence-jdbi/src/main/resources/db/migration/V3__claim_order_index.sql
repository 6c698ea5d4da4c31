-- A claim takes the earliest due active tasks in the order (due_at, lease_until NULLS LAST). With only an index
-- on (status, due_at) every claim read and sorted all due active tasks (a burst of 50,000 due at one instant was
-- a sort of 50,000 rows per claim); this index is the claim order itself, so a claim reads about as many index
-- entries as it leases, plus the live leases it skips. It serves everything the old index did.
CREATE INDEX tasks_claim_idx ON tasks (status, due_at, lease_until NULLS LAST);
DROP INDEX tasks_due_idx;
