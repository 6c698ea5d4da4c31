-- V6, PostgreSQL (the H2 file of the same version is in db/h2): leases are fenced.
-- Every claim sets lease_token to the next value of lease_tokens; extend, release and completion match the
-- row's lease by that token (and a holder set), never by the node's name alone. A node whose lease expired and
-- whose task was claimed again, even by the same node after a database outage, so can neither end nor complete
-- the newer claim. One sequence for all tasks: a task deleted and created again under its id never hands out a
-- token that a claim of the old task holds. No index covers lease_token, so a claim stays a heap-only update.
-- Rows that exist at the upgrade hold token 0, which no claim carries: their leases just expire.
ALTER TABLE tasks ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0;
CREATE SEQUENCE lease_tokens;
-- A claim makes a row longer (holder, lease end and claimed due time go from NULL to values). V5's fillfactor of
-- 50 left just enough room on a page for the claimed versions of all its rows at V5's row length, and none to
-- spare: with the token's 8 bytes, some pages filled to half could no longer take every claimed row, and those
-- claims were no longer heap-only. 40 leaves room for the longer versions.
ALTER TABLE tasks SET (fillfactor = 40);
