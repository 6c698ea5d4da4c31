-- V11, H2 (the same statements in db/postgresql): the Discord command surface.
-- guild_settings holds each guild's default zone (one row per guild); interaction_claims the Discord interaction
-- ids a node has claimed to answer, so that of several nodes receiving one interaction exactly one answers it.
-- A claim is kept until claim_until; claims are pruned by later claims.
CREATE TABLE guild_settings (
  guild_id                   BIGINT NOT NULL,
  zone                       VARCHAR(64) NOT NULL,
  CONSTRAINT guild_settings_pk PRIMARY KEY (guild_id)
);

CREATE TABLE interaction_claims (
  interaction_id             VARCHAR(32) NOT NULL,
  node_id                    VARCHAR(200) NOT NULL,
  claim_until                TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT interaction_claims_pk PRIMARY KEY (interaction_id)
);

CREATE INDEX interaction_claims_until ON interaction_claims (claim_until);
