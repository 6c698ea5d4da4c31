-- V10, PostgreSQL (the H2 file of the same version is in db/h2, the same statements):
-- paid summaries. A task's summary language (NULL: the messages' language) and which summarizer may read its
-- messages (BUILTIN for every task written before); an execution's usage (tokens, requests, estimated cost in
-- millionths of the currency; NULL when no model made its summary) and whether its failure is excused (a spent
-- budget, not counted towards auto-disable); the paid summarizers' spend per UTC day, shared by every node.
ALTER TABLE tasks ADD COLUMN summary_language VARCHAR(40);
ALTER TABLE tasks ADD COLUMN summarizer VARCHAR(16) DEFAULT 'BUILTIN' NOT NULL;
ALTER TABLE executions ADD COLUMN usage_input_tokens BIGINT;
ALTER TABLE executions ADD COLUMN usage_output_tokens BIGINT;
ALTER TABLE executions ADD COLUMN usage_requests INTEGER;
ALTER TABLE executions ADD COLUMN usage_cost_micros BIGINT;
ALTER TABLE executions ADD COLUMN excused BOOLEAN DEFAULT FALSE NOT NULL;
CREATE TABLE summarizer_spend (
  spend_day                  DATE         NOT NULL,
  micros                     BIGINT       NOT NULL,
  closed                     BOOLEAN      NOT NULL,
  CONSTRAINT summarizer_spend_pk PRIMARY KEY (spend_day)
);
