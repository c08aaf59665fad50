-- Confined runtimes (issue 11): a group's runtime becomes optional (NULL = containers.runtime, the
-- host's default) and a group may be given network access (bwrap --share-net, docker's default
-- network) with network = 1. Until now 'process' was the only runtime and every row held it as the
-- default, so it becomes NULL: such groups follow containers.runtime from now on.
CREATE TABLE container_configs_v2 (
  agent_group_id          TEXT PRIMARY KEY REFERENCES agent_groups(id) ON DELETE CASCADE,
  runtime                 TEXT CHECK (runtime IS NULL OR runtime IN ('process','bwrap','docker')),
  image                   TEXT,
  agent                   TEXT,
  env                     TEXT,
  additional_mounts       TEXT,
  timezone                TEXT,
  max_messages_per_batch  INTEGER,
  network                 INTEGER NOT NULL DEFAULT 0 CHECK (network IN (0,1)),
  updated_at              TEXT NOT NULL
);

INSERT INTO container_configs_v2 (agent_group_id, runtime, image, agent, env, additional_mounts, timezone,
                                  max_messages_per_batch, network, updated_at)
  SELECT agent_group_id, NULLIF(runtime, 'process'), image, agent, env, additional_mounts, timezone,
         max_messages_per_batch, 0, updated_at
  FROM container_configs;

DROP TABLE container_configs;

ALTER TABLE container_configs_v2 RENAME TO container_configs;
