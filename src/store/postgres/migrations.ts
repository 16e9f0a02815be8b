/**
 * The PostgreSQL schema, as versioned migrations. Each is applied once, in order, inside the
 * transaction that records it in `schema_migrations`; never edit one once released, add the next.
 * Kept as TypeScript strings so the built `dist/` carries them without a copy step.
 *
 * Times that are compared (leases, not-before, windows) are `timestamptz`; ids are sequences
 * shown with the lowdb store's prefixes (`O12`, `P3`, `R7`, `T2`) so a copy keeps them.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const initial = `
CREATE TABLE bindings (
  chat text PRIMARY KEY,
  unit text NOT NULL,
  at timestamptz NOT NULL,
  by_id text NOT NULL,
  by_name text NOT NULL
);
CREATE INDEX bindings_unit ON bindings (unit);

CREATE TABLE requests (
  id bigserial PRIMARY KEY,
  chat text NOT NULL,
  chat_type text NOT NULL CHECK (chat_type IN ('private', 'group')),
  chat_title text,
  unit text NOT NULL,
  user_id text NOT NULL,
  user_name text NOT NULL,
  at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_at timestamptz,
  decided_by_id text,
  decided_by_name text,
  decided_chat text
);
-- One pending request per chat and unit (a second /dangky returns the first).
CREATE UNIQUE INDEX requests_pending ON requests (chat, unit) WHERE status = 'pending';
CREATE INDEX requests_chat ON requests (chat);

CREATE TABLE confirmations (
  deadline text NOT NULL,
  occurrence text NOT NULL,
  unit text NOT NULL,
  received_at timestamptz NOT NULL,
  received_by_id text NOT NULL,
  received_by_name text NOT NULL,
  received_chat text NOT NULL,
  completed_at timestamptz,
  completed_by_id text,
  completed_by_name text,
  completed_chat text,
  -- One confirmation per (deadline, occurrence, unit); also the index of confirmationsOf.
  PRIMARY KEY (deadline, occurrence, unit)
);

CREATE TABLE reminders (
  key text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('queued', 'skipped', 'no-chat')),
  at timestamptz NOT NULL
);

CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  key text,
  chat text NOT NULL,
  channel text NOT NULL,
  text text NOT NULL,
  buttons json,
  ref json,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'parked', 'undelivered')),
  created_at timestamptz NOT NULL,
  done_at timestamptz,
  message_id text,
  claimed_by text,
  claimed_until timestamptz
);
-- Pending rows: oldest first per channel (the claim; all channels at once), and per chat (its head).
CREATE INDEX outbox_pending ON outbox (channel, id) WHERE status = 'pending';
CREATE INDEX outbox_pending_all ON outbox (id) WHERE status = 'pending';
CREATE INDEX outbox_pending_chat ON outbox (chat, id) WHERE status = 'pending';
CREATE INDEX outbox_chat ON outbox (chat);
CREATE INDEX outbox_done ON outbox (done_at) WHERE status IN ('sent', 'undelivered');

CREATE TABLE parked (
  id bigserial PRIMARY KEY,
  chat text NOT NULL,
  channel text NOT NULL,
  text text NOT NULL,
  buttons json,
  ref json,
  reason text NOT NULL,
  at timestamptz NOT NULL,
  not_before timestamptz NOT NULL,
  outbox_id text,
  claimed_by text,
  claimed_until timestamptz
);
CREATE INDEX parked_due ON parked (channel, not_before);
CREATE INDEX parked_chat ON parked (chat);

CREATE TABLE message_refs (
  id bigserial PRIMARY KEY,
  chat text NOT NULL,
  message_id text NOT NULL,
  deadline text NOT NULL,
  occurrence text NOT NULL,
  view text,
  at timestamptz NOT NULL
);
CREATE INDEX message_refs_message ON message_refs (chat, message_id, id);

CREATE TABLE chat_states (
  chat text PRIMARY KEY,
  inactive_at timestamptz NOT NULL,
  reason text NOT NULL
);

CREATE TABLE processed_updates (
  key text PRIMARY KEY,
  at timestamptz NOT NULL
);
CREATE INDEX processed_updates_at ON processed_updates (at);

CREATE TABLE slogan_chats (
  chat text PRIMARY KEY,
  at timestamptz NOT NULL,
  by_id text NOT NULL,
  by_name text NOT NULL
);

CREATE TABLE announcements (
  id bigserial PRIMARY KEY,
  text text NOT NULL,
  units text[] NOT NULL,
  day text NOT NULL,
  due text,
  at timestamptz NOT NULL,
  by_id text NOT NULL,
  by_name text NOT NULL
);

-- Channel tokens; the row exists before any pair does, so a refresh can lock it.
CREATE TABLE tokens (
  name text PRIMARY KEY,
  access text,
  refresh text,
  expires_at text,
  updated_at timestamptz
);
INSERT INTO tokens (name) VALUES ('zalo');

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  actor_chat text,
  action text NOT NULL,
  subject text NOT NULL,
  detail jsonb
);

CREATE TABLE content_org (
  id int PRIMARY KEY CHECK (id = 1),
  file text NOT NULL,
  raw json NOT NULL
);
-- Keyed by file name (plans/<id>.json), as in the data folder.
CREATE TABLE content_plans (
  file text PRIMARY KEY,
  id text NOT NULL,
  raw json NOT NULL,
  text text NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE TABLE content_revision (
  id int PRIMARY KEY CHECK (id = 1),
  revision bigint NOT NULL
);
INSERT INTO content_revision (id, revision) VALUES (1, 1);

-- Replica coordination: cron fires (node-cron RunCoordinator), named leases, send budgets.
CREATE TABLE cron_runs (
  key text PRIMARY KEY,
  owner text NOT NULL,
  until timestamptz NOT NULL,
  done boolean NOT NULL DEFAULT false
);
CREATE INDEX cron_runs_until ON cron_runs (until);
CREATE TABLE leases (
  name text PRIMARY KEY,
  owner text NOT NULL,
  until timestamptz NOT NULL
);
CREATE TABLE send_budget (
  key text PRIMARY KEY,
  -- The theoretical arrival time of the next send (epoch ms, GCRA).
  tat double precision NOT NULL
);
`;

/** Plans read from a file and waiting for an admin's press, on any replica. */
const stagedPlans = `
CREATE SEQUENCE staged_plan_seq;
CREATE TABLE staged_plans (
  code text PRIMARY KEY,
  text text NOT NULL,
  summary text NOT NULL,
  -- The same text is staged once.
  key text UNIQUE,
  at timestamptz NOT NULL
);
`;

/** Web console sign-in links and sessions, by the SHA-256 of their secrets (never the secrets). */
const webAuth = `
CREATE TABLE web_links (
  hash text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('admin', 'viewer')),
  user_id text NOT NULL,
  user_name text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE TABLE web_sessions (
  hash text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('admin', 'viewer')),
  user_id text NOT NULL,
  user_name text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX web_links_expires ON web_links (expires_at);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);
`;

/** The Nhật ký page: the audit log searched newest first, by time or by action and time. */
const auditSearch = `
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_log_action_at ON audit_log (action, at DESC, id DESC);
`;

/**
 * The content as the store's own data (the data folder only seeds it): the ids of plans deleted
 * here, so their file is never added again, and one row per plan id (a plan is published,
 * edited and deleted by its id).
 */
const contentStore = `
CREATE TABLE content_deleted_plans (
  id text PRIMARY KEY,
  at timestamptz NOT NULL
);
CREATE UNIQUE INDEX content_plans_id ON content_plans (id);
`;

/** The Đơn vị pages: a bound chat's title (as people know it) and when it last wrote (refreshed at most hourly). */
const bindingDetails = `
ALTER TABLE bindings ADD COLUMN title text;
ALTER TABLE bindings ADD COLUMN last_active timestamptz;
`;

/**
 * The Hạn page's reminder history: the reminder steps and outbox rows of one occurrence found by
 * their key's prefix (`LIKE 'H8@2023-09-25#%'`, which a default-collation index cannot serve),
 * and the parked message of a row.
 */
const reminderHistory = `
CREATE INDEX IF NOT EXISTS reminders_key_prefix ON reminders (key text_pattern_ops);
CREATE INDEX IF NOT EXISTS outbox_key_prefix ON outbox (key text_pattern_ops) WHERE key IS NOT NULL;
CREATE INDEX IF NOT EXISTS parked_outbox ON parked (outbox_id) WHERE outbox_id IS NOT NULL;
`;

/**
 * Hand-ins (issue 14): what units hand in (ids `N1`, `N2`, … from the sequence, never replaced;
 * read by occurrence, oldest first), the files' bytes by SHA-256 (so every replica serves them),
 * guided form sessions in progress, and one-time download links by the hash of their secret.
 */
const handIns = `
CREATE TABLE submissions (
  id bigserial PRIMARY KEY,
  deadline text NOT NULL,
  occurrence text NOT NULL,
  unit text NOT NULL,
  by_id text NOT NULL,
  by_name text NOT NULL,
  chat text NOT NULL,
  at timestamptz NOT NULL,
  file jsonb,
  report jsonb,
  form jsonb
);
CREATE INDEX submissions_occurrence ON submissions (deadline, occurrence, id);
CREATE INDEX submissions_chat ON submissions (chat);

CREATE TABLE files (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bytea NOT NULL,
  size bigint NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE form_sessions (
  chat text NOT NULL,
  user_id text NOT NULL,
  deadline text NOT NULL,
  occurrence text NOT NULL,
  unit text NOT NULL,
  saved_rows jsonb NOT NULL,
  draft jsonb NOT NULL,
  step int NOT NULL,
  editing boolean,
  form_columns jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (chat, user_id)
);
CREATE INDEX form_sessions_updated ON form_sessions (updated_at);

CREATE TABLE download_links (
  hash text PRIMARY KEY,
  sha256 text NOT NULL,
  name text NOT NULL,
  type text NOT NULL,
  for_id text NOT NULL,
  for_name text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX download_links_expires ON download_links (expires_at);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'staged plans', sql: stagedPlans },
  { version: 3, name: 'web console sign-in', sql: webAuth },
  { version: 4, name: 'audit search', sql: auditSearch },
  { version: 5, name: 'staged plan drafts', sql: 'ALTER TABLE staged_plans ADD COLUMN draft json;' },
  { version: 6, name: 'content kept in the store', sql: contentStore },
  { version: 7, name: 'binding title and last activity', sql: bindingDetails },
  { version: 8, name: 'reminder history', sql: reminderHistory },
  { version: 9, name: 'hand-ins', sql: handIns },
];
