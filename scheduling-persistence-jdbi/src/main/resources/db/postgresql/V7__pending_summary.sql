-- V7, PostgreSQL (the H2 file of the same version is in db/h2, the same statement): a retry delivers the summary
-- its execution's first attempt made. pending_summary holds it while the retry is pending (NULL otherwise, and
-- for a pending run no attempt summarised yet), in the text encoding of the README ("Text columns").
ALTER TABLE tasks ADD COLUMN pending_summary VARCHAR;
