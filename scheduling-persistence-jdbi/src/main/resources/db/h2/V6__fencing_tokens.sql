-- V6, H2: leases are fenced, as in the PostgreSQL file of this version (db/postgresql), which says why.
ALTER TABLE tasks ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0;
CREATE SEQUENCE lease_tokens;
