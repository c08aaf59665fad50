-- inbound.db: written only by the host. Even seq. journal_mode=DELETE (set by the opener).
-- Idempotent: every statement is IF NOT EXISTS; the applier sets user_version afterwards.

CREATE TABLE IF NOT EXISTS messages_in (
  id                   TEXT PRIMARY KEY,
  seq                  INTEGER NOT NULL UNIQUE CHECK (seq % 2 = 0),
  kind                 TEXT NOT NULL CHECK (kind IN ('chat','task','system','webhook')),
  timestamp            TEXT NOT NULL,
  status               TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending','completed','failed','paused','cancelled')),
  process_after        TEXT,
  recurrence           TEXT,
  series_id            TEXT NOT NULL,
  tries                INTEGER NOT NULL DEFAULT 0,
  trigger              INTEGER NOT NULL DEFAULT 1,
  on_wake              INTEGER NOT NULL DEFAULT 0,
  platform_id          TEXT,
  channel_type         TEXT,
  thread_id            TEXT,
  platform_message_id  TEXT,
  source_session_id    TEXT,
  content              TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_in_series ON messages_in (series_id);
CREATE INDEX IF NOT EXISTS messages_in_due ON messages_in (status, process_after);
CREATE UNIQUE INDEX IF NOT EXISTS messages_in_platform
  ON messages_in (channel_type, platform_id, platform_message_id)
  WHERE platform_message_id IS NOT NULL;
-- v2: delivery's explicit-target check looks chats and threads up through this index.
CREATE INDEX IF NOT EXISTS messages_in_chat ON messages_in (channel_type, platform_id, thread_id);

CREATE TABLE IF NOT EXISTS delivered (
  message_out_id       TEXT PRIMARY KEY,
  platform_message_id  TEXT,
  status               TEXT NOT NULL CHECK (status IN ('delivered','failed')),
  delivered_at         TEXT NOT NULL,
  error                TEXT
);

CREATE TABLE IF NOT EXISTS delivery_attempts (
  message_out_id   TEXT PRIMARY KEY,
  attempts         INTEGER NOT NULL,
  last_error       TEXT,
  next_attempt_at  TEXT
);

CREATE TABLE IF NOT EXISTS destinations (
  name            TEXT PRIMARY KEY,
  display_name    TEXT,
  type            TEXT NOT NULL CHECK (type IN ('channel','agent')),
  channel_type    TEXT,
  platform_id     TEXT,
  agent_group_id  TEXT
);

CREATE TABLE IF NOT EXISTS session_routing (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  channel_type  TEXT,
  platform_id   TEXT,
  thread_id     TEXT
);

-- v2: every messages_out row with seq <= settled_through is in delivered, so a delivery pass
-- (also the first one after a restart) reads messages_out only from there. Written in the same
-- transaction that records deliveries.
CREATE TABLE IF NOT EXISTS delivery_progress (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  settled_through  INTEGER NOT NULL
);

-- v1 -> v2 needs no data change: every statement above is IF NOT EXISTS, and the applier runs
-- them all again on an older file before this line sets the new version.
PRAGMA user_version = 2;
