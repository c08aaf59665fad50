-- Central registry: identity, wiring, sessions, approvals and adapter state.
-- Applied once, in its own transaction, by io.tandem.schema.migrate.CentralMigrations.

CREATE TABLE agent_groups (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  folder      TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL
);

CREATE TABLE container_configs (
  agent_group_id          TEXT PRIMARY KEY REFERENCES agent_groups(id) ON DELETE CASCADE,
  runtime                 TEXT NOT NULL DEFAULT 'process',
  image                   TEXT,
  agent                   TEXT,
  env                     TEXT,
  additional_mounts       TEXT,
  timezone                TEXT,
  max_messages_per_batch  INTEGER,
  updated_at              TEXT NOT NULL
);

CREATE TABLE messaging_groups (
  id                     TEXT PRIMARY KEY,
  channel_type           TEXT NOT NULL,
  platform_id            TEXT NOT NULL,
  name                   TEXT,
  is_group               INTEGER NOT NULL DEFAULT 0,
  unknown_sender_policy  TEXT NOT NULL DEFAULT 'strict'
                         CHECK (unknown_sender_policy IN ('strict','request_approval','public')),
  denied_at              TEXT,
  created_at             TEXT NOT NULL,
  UNIQUE (channel_type, platform_id)
);

CREATE TABLE messaging_group_agents (
  id                      TEXT PRIMARY KEY,
  messaging_group_id      TEXT NOT NULL REFERENCES messaging_groups(id) ON DELETE CASCADE,
  agent_group_id          TEXT NOT NULL REFERENCES agent_groups(id) ON DELETE CASCADE,
  engage_mode             TEXT NOT NULL DEFAULT 'mention'
                          CHECK (engage_mode IN ('pattern','mention','mention-sticky')),
  engage_pattern          TEXT,
  sender_scope            TEXT NOT NULL DEFAULT 'all' CHECK (sender_scope IN ('all','known')),
  ignored_message_policy  TEXT NOT NULL DEFAULT 'drop' CHECK (ignored_message_policy IN ('drop','accumulate')),
  session_mode            TEXT NOT NULL DEFAULT 'shared'
                          CHECK (session_mode IN ('shared','per-thread','agent-shared')),
  priority                INTEGER NOT NULL DEFAULT 0,
  created_at              TEXT NOT NULL,
  UNIQUE (messaging_group_id, agent_group_id)
);

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  kind          TEXT,
  display_name  TEXT,
  created_at    TEXT NOT NULL
);

CREATE TABLE user_roles (
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role            TEXT NOT NULL CHECK (role IN ('owner','admin')),
  agent_group_id  TEXT REFERENCES agent_groups(id) ON DELETE CASCADE,
  granted_by      TEXT REFERENCES users(id),
  granted_at      TEXT NOT NULL,
  CHECK (role <> 'owner' OR agent_group_id IS NULL)
);
CREATE UNIQUE INDEX user_roles_scope ON user_roles (user_id, role, ifnull(agent_group_id, ''));
CREATE INDEX user_roles_group ON user_roles (agent_group_id, role);

CREATE TABLE agent_group_members (
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  agent_group_id  TEXT NOT NULL REFERENCES agent_groups(id) ON DELETE CASCADE,
  added_by        TEXT,
  added_at        TEXT NOT NULL,
  PRIMARY KEY (user_id, agent_group_id)
);

CREATE TABLE user_dms (
  user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel_type        TEXT NOT NULL,
  messaging_group_id  TEXT NOT NULL REFERENCES messaging_groups(id) ON DELETE CASCADE,
  resolved_at         TEXT NOT NULL,
  PRIMARY KEY (user_id, channel_type)
);

CREATE TABLE sessions (
  id                  TEXT PRIMARY KEY,
  agent_group_id      TEXT NOT NULL REFERENCES agent_groups(id),
  messaging_group_id  TEXT REFERENCES messaging_groups(id),
  thread_id           TEXT,
  status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  container_status    TEXT NOT NULL DEFAULT 'stopped' CHECK (container_status IN ('stopped','starting','running')),
  last_active         TEXT,
  created_at          TEXT NOT NULL
);
CREATE INDEX sessions_agent_group ON sessions (agent_group_id);
CREATE UNIQUE INDEX sessions_active_key
  ON sessions (agent_group_id, ifnull(messaging_group_id, ''), ifnull(thread_id, ''))
  WHERE status = 'active';

CREATE TABLE pending_questions (
  question_id     TEXT PRIMARY KEY,
  session_id      TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  message_out_id  TEXT NOT NULL,
  channel_type    TEXT,
  platform_id     TEXT,
  thread_id       TEXT,
  title           TEXT,
  options_json    TEXT,
  created_at      TEXT NOT NULL,
  expires_at      TEXT
);

CREATE TABLE pending_approvals (
  approval_id          TEXT PRIMARY KEY,
  session_id           TEXT REFERENCES sessions(id) ON DELETE CASCADE,
  request_id           TEXT,
  action               TEXT NOT NULL,
  payload              TEXT,
  agent_group_id       TEXT,
  channel_type         TEXT,
  platform_id          TEXT,
  platform_message_id  TEXT,
  approver_user_id     TEXT,
  status               TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending','approved','rejected','expired')),
  title                TEXT,
  options_json         TEXT,
  created_at           TEXT NOT NULL,
  expires_at           TEXT
);
CREATE INDEX pending_approvals_action ON pending_approvals (action, status);

CREATE TABLE pending_sender_approvals (
  id                  TEXT PRIMARY KEY,
  messaging_group_id  TEXT NOT NULL REFERENCES messaging_groups(id) ON DELETE CASCADE,
  agent_group_id      TEXT NOT NULL REFERENCES agent_groups(id) ON DELETE CASCADE,
  sender_identity     TEXT NOT NULL,
  sender_name         TEXT,
  original_message    TEXT NOT NULL,
  approver_user_id    TEXT,
  title               TEXT,
  options_json        TEXT,
  created_at          TEXT NOT NULL,
  UNIQUE (messaging_group_id, sender_identity)
);

CREATE TABLE pending_channel_approvals (
  messaging_group_id  TEXT PRIMARY KEY REFERENCES messaging_groups(id) ON DELETE CASCADE,
  agent_group_id      TEXT,
  original_message    TEXT NOT NULL,
  approver_user_id    TEXT,
  title               TEXT,
  options_json        TEXT,
  created_at          TEXT NOT NULL
);

CREATE TABLE agent_destinations (
  agent_group_id  TEXT NOT NULL REFERENCES agent_groups(id) ON DELETE CASCADE,
  local_name      TEXT NOT NULL,
  target_type     TEXT NOT NULL CHECK (target_type IN ('channel','agent')),
  target_id       TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (agent_group_id, local_name)
);
CREATE INDEX agent_destinations_target ON agent_destinations (target_type, target_id);

CREATE TABLE unregistered_senders (
  channel_type        TEXT NOT NULL,
  platform_id         TEXT NOT NULL,
  user_id             TEXT,
  sender_name         TEXT,
  reason              TEXT NOT NULL,
  messaging_group_id  TEXT,
  agent_group_id      TEXT,
  message_count       INTEGER NOT NULL DEFAULT 1,
  first_seen          TEXT NOT NULL,
  last_seen           TEXT NOT NULL,
  PRIMARY KEY (channel_type, platform_id)
);
CREATE INDEX unregistered_senders_last_seen ON unregistered_senders (last_seen);

CREATE TABLE chat_sdk_kv (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  expires_at  TEXT
);

CREATE TABLE chat_sdk_subscriptions (
  thread_id      TEXT PRIMARY KEY,
  subscribed_at  TEXT NOT NULL
);

CREATE TABLE chat_sdk_locks (
  thread_id   TEXT PRIMARY KEY,
  token       TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);

CREATE TABLE chat_sdk_lists (
  key         TEXT NOT NULL,
  idx         INTEGER NOT NULL,
  value       TEXT NOT NULL,
  expires_at  TEXT,
  PRIMARY KEY (key, idx)
);
