-- out/outbound.db: written only by the container runner. Odd seq. journal_mode=DELETE.
-- Idempotent: every statement is IF NOT EXISTS; the applier sets user_version afterwards.

CREATE TABLE IF NOT EXISTS messages_out (
  id             TEXT PRIMARY KEY,
  seq            INTEGER NOT NULL UNIQUE CHECK (seq % 2 = 1),
  in_reply_to    TEXT,
  timestamp      TEXT NOT NULL,
  deliver_after  TEXT,
  kind           TEXT NOT NULL CHECK (kind IN ('chat','card','question','system')),
  platform_id    TEXT,
  channel_type   TEXT,
  thread_id      TEXT,
  content        TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS processing_ack (
  message_id      TEXT PRIMARY KEY,
  attempt         INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('processing','completed','failed')),
  status_changed  TEXT NOT NULL,
  error           TEXT
);

CREATE TABLE IF NOT EXISTS session_state (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS container_state (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  batch_id          TEXT,
  batch_started_at  TEXT,
  current_action    TEXT,
  updated_at        TEXT NOT NULL
);

PRAGMA user_version = 1;
