-- Summary scheduler: the first schema. Plain SQL that PostgreSQL and H2 (2.x) both accept.
-- Instants are TIMESTAMP WITH TIME ZONE written in UTC (microsecond precision; see instant_nanos).
-- Durations are ISO-8601 text (PT5M). Zones are IANA names. Nested values nobody queries on are
-- small text encodings described in the module README.

CREATE TABLE tasks (
  id                         VARCHAR(64)  NOT NULL,
  version                    BIGINT       NOT NULL,
  name                       VARCHAR(100) NOT NULL,
  guild_id                   BIGINT       NOT NULL,
  channel_ids                VARCHAR      NOT NULL,
  kind                       VARCHAR(16)  NOT NULL,
  schedule                   VARCHAR      NOT NULL,
  zone                       VARCHAR(64)  NOT NULL,
  destinations               VARCHAR      NOT NULL,
  summary_length             VARCHAR(16)  NOT NULL,
  include_bots               BOOLEAN      NOT NULL,
  min_messages               INTEGER      NOT NULL,
  max_messages               INTEGER      NOT NULL,
  lookback                   VARCHAR(40),
  max_lookback               VARCHAR(40)  NOT NULL,
  retry_max_attempts         INTEGER      NOT NULL,
  retry_initial_delay        VARCHAR(40)  NOT NULL,
  retry_multiplier           DOUBLE PRECISION NOT NULL,
  retry_max_delay            VARCHAR(40)  NOT NULL,
  max_consecutive_failures   INTEGER      NOT NULL,
  misfire_policy             VARCHAR(16)  NOT NULL,
  misfire_grace              VARCHAR(40)  NOT NULL,
  catch_up_limit             INTEGER      NOT NULL,
  retention                  VARCHAR(40),
  status                     VARCHAR(16)  NOT NULL,
  status_reason              VARCHAR,
  created_by                 VARCHAR      NOT NULL,
  created_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
  next_run                   TIMESTAMP WITH TIME ZONE,
  last_window_end            TIMESTAMP WITH TIME ZONE,
  pending_scheduled_for      TIMESTAMP WITH TIME ZONE,
  pending_next_attempt       INTEGER,
  pending_due_at             TIMESTAMP WITH TIME ZONE,
  pending_window_from        TIMESTAMP WITH TIME ZONE,
  pending_window_to          TIMESTAMP WITH TIME ZONE,
  pending_reason             VARCHAR,
  stats_runs                 BIGINT       NOT NULL,
  stats_successes            BIGINT       NOT NULL,
  stats_failures             BIGINT       NOT NULL,
  stats_skipped              BIGINT       NOT NULL,
  stats_missed               BIGINT       NOT NULL,
  stats_consecutive_failures INTEGER      NOT NULL,
  stats_total_duration_ms    BIGINT       NOT NULL,
  stats_last_run             TIMESTAMP WITH TIME ZONE,
  stats_last_success         TIMESTAMP WITH TIME ZONE,
  stats_last_failure         TIMESTAMP WITH TIME ZONE,
  instant_nanos              VARCHAR(400),
  due_at                     TIMESTAMP WITH TIME ZONE,
  lease_owner                VARCHAR(100),
  lease_until                TIMESTAMP WITH TIME ZONE,
  CONSTRAINT tasks_pk PRIMARY KEY (id)
);

-- Claiming: active tasks by due time.
CREATE INDEX tasks_due_idx ON tasks (status, due_at);
-- Wake-up hint: the earliest live lease expiry.
CREATE INDEX tasks_lease_idx ON tasks (lease_until);
CREATE INDEX tasks_guild_idx ON tasks (guild_id);

CREATE TABLE executions (
  task_id                    VARCHAR(64)  NOT NULL,
  scheduled_for              TIMESTAMP WITH TIME ZONE NOT NULL,
  execution_id               VARCHAR(64)  NOT NULL,
  guild_id                   BIGINT       NOT NULL,
  started_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at                TIMESTAMP WITH TIME ZONE NOT NULL,
  attempts                   INTEGER      NOT NULL,
  outcome                    VARCHAR(24)  NOT NULL,
  window_from                TIMESTAMP WITH TIME ZONE,
  window_to                  TIMESTAMP WITH TIME ZONE,
  message_count              INTEGER      NOT NULL,
  deliveries                 VARCHAR      NOT NULL,
  error_class                VARCHAR,
  error_message              VARCHAR,
  missed_count               INTEGER      NOT NULL,
  missed_through             TIMESTAMP WITH TIME ZONE,
  instant_nanos              VARCHAR(400),
  -- The exactly-once guard: one execution per (task, scheduled fire time).
  CONSTRAINT executions_once PRIMARY KEY (task_id, scheduled_for)
);

CREATE TABLE delivery_log (
  delivery_key               VARCHAR(600) NOT NULL,
  recorded_at                TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT delivery_log_pk PRIMARY KEY (delivery_key)
);
