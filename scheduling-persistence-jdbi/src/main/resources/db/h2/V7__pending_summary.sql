-- V7, H2: the summary of a pending retry, as in the PostgreSQL file of this version (db/postgresql).
ALTER TABLE tasks ADD COLUMN pending_summary VARCHAR;
