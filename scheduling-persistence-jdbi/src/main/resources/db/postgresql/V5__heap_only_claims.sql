-- V5, PostgreSQL (the H2 file of the same version is in db/h2): a claim becomes a heap-only (HOT) update.
-- A claim sets only lease_owner, lease_until and claimed_due. PostgreSQL writes an update without touching any
-- index (no new index entries, the row keeps its place in every index) when no index covers a column it changes
-- (key, expression or predicate) and the new row version fits on the same page. Before V5 tasks_claim_idx and
-- tasks_lease_idx held lease_until, so every claim wrote four index entries, and every completion four more.
--
-- * The claim order is due_at alone, from a partial index of the ACTIVE tasks: a completed one-shot task (and a
--   paused or disabled one) leaves it, so a completion writes entries only in tasks_pk and tasks_guild_idx.
-- * The lease-expiry hint of nextDueAt reads the due rows of this index (only leased rows can be due and not
--   claimable), so tasks_lease_idx goes.
-- * fillfactor leaves room on each page for the new versions of a claim's rows. It applies to pages written from
--   now on; the rows already there move to roomier pages as they are updated.
CREATE INDEX tasks_active_due_idx ON tasks (due_at) WHERE status = 'ACTIVE';
DROP INDEX tasks_claim_idx;
DROP INDEX tasks_lease_idx;
ALTER TABLE tasks SET (fillfactor = 50);
-- Pruning deletes history and delivery-log entries older than a cutoff; the rows arrive in about that order, so a
-- BRIN index (a few bytes per range of pages, written only when a range is summarised) finds them as well as the
-- B-trees of V2 did, without an index entry per execution.
CREATE INDEX executions_finished_brin ON executions USING brin (finished_at);
CREATE INDEX delivery_log_recorded_brin ON delivery_log USING brin (recorded_at);
DROP INDEX executions_finished_idx;
DROP INDEX delivery_log_recorded_idx;
-- Guild-scoped listing: (guild_id, id) instead of (guild_id). Every completion is an ordinary update and adds an
-- entry for the row's new version to this index. With guild_id alone, all tasks of a guild share one key, whose
-- entries PostgreSQL keeps as one long posting list that each new entry has to be fitted into; with the id added
-- the new entry lands beside the old version's, which PostgreSQL deletes bottom-up when the page fills.
CREATE INDEX tasks_guild_id_idx ON tasks (guild_id, id);
DROP INDEX tasks_guild_idx;
