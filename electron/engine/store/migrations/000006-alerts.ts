/**
 * Migration 6 (never edit): alerts, their delivery outbox, and the journal
 * position the alert monitor has read up to. At most one alert per dedupe key
 * is open at a time (partial unique index).
 */
export const migration000006 = `
CREATE TABLE alerts (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  rule          TEXT    NOT NULL,          -- run_failed | retries_exhausted | stale | error_rate | long_running | stuck | config_invalid
  dedupe_key    TEXT    NOT NULL,
  severity      TEXT    NOT NULL,          -- error | warning
  state         TEXT    NOT NULL,          -- open | resolved
  project       TEXT,
  pipeline      TEXT,
  run_id        INTEGER,
  partition_key TEXT,
  title         TEXT    NOT NULL,
  body          TEXT    NOT NULL,
  count         INTEGER NOT NULL DEFAULT 1,
  opened_at     INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  resolved_at   INTEGER,
  resolution    TEXT
);
CREATE UNIQUE INDEX alerts_one_open_per_key ON alerts(dedupe_key) WHERE state = 'open';
CREATE INDEX alerts_state ON alerts(state, id);

CREATE TABLE alert_deliveries (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id      INTEGER NOT NULL REFERENCES alerts(id),
  channel       TEXT    NOT NULL,          -- desktop | webhook
  target        TEXT,                      -- the webhook URL
  change        TEXT    NOT NULL,          -- opened | resolved
  state         TEXT    NOT NULL,          -- pending | sent | failed
  tries         INTEGER NOT NULL DEFAULT 0,
  max_tries     INTEGER NOT NULL,
  retry_delay   INTEGER NOT NULL,
  next_at       INTEGER NOT NULL,
  last_error    TEXT,
  created_at    INTEGER NOT NULL,
  sent_at       INTEGER
);
CREATE INDEX alert_deliveries_pending ON alert_deliveries(state, next_at);

CREATE TABLE alert_cursor (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  seq           INTEGER NOT NULL
);
`;
