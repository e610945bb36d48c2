/** Migration 1 (never edit; add a new numbered file instead): runs, task runs, attempts, events. */
export const migration000001 = `
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  project       TEXT    NOT NULL,
  project_file  TEXT    NOT NULL,
  targets       TEXT    NOT NULL,           -- JSON array of the requested targets
  selection     TEXT    NOT NULL,           -- upstream | no_upstream | only_upstream
  force         INTEGER NOT NULL DEFAULT 0,
  partition     TEXT    NOT NULL,           -- JSON object, always has "date"
  partition_key TEXT    NOT NULL,           -- canonical "date=…,region=…"
  params        TEXT    NOT NULL,           -- JSON object
  pools         TEXT    NOT NULL,           -- JSON object: pool → size, snapshot at creation
  trigger       TEXT    NOT NULL,           -- cli | schedule | api | backfill | tray
  idempotency_key TEXT UNIQUE,
  state         TEXT    NOT NULL,
  reason        TEXT,
  owner_token   TEXT,                       -- engine instance that drives the run
  owner_pid     INTEGER,
  owner_start   TEXT,
  created_at    INTEGER NOT NULL,
  started_at    INTEGER,
  finished_at   INTEGER
);
CREATE INDEX runs_state ON runs(state);
CREATE INDEX runs_project_created ON runs(project, created_at);

CREATE TABLE task_runs (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  pipeline      TEXT    NOT NULL,
  topo_index    INTEGER NOT NULL,
  state         TEXT    NOT NULL,
  spec          TEXT    NOT NULL,           -- JSON TaskSpec snapshot: the run never depends on a later config edit
  spec_hash     TEXT    NOT NULL,
  upstream      TEXT    NOT NULL,           -- JSON array of pipeline names inside this run
  is_target     INTEGER NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  cached_from   INTEGER REFERENCES task_runs(id),
  reason        TEXT,
  created_at    INTEGER NOT NULL,
  started_at    INTEGER,
  finished_at   INTEGER,
  UNIQUE (run_id, pipeline)
);
-- Indexes on hot tables leave out state/time columns: a state change then
-- rewrites only the row's page, not index pages too (this is the hot path).
CREATE INDEX task_runs_pipeline ON task_runs(pipeline);
CREATE INDEX task_runs_hash ON task_runs(spec_hash);

CREATE TABLE attempts (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  task_run_id   INTEGER NOT NULL REFERENCES task_runs(id),
  number        INTEGER NOT NULL,
  state         TEXT    NOT NULL,
  log_path      TEXT    NOT NULL,           -- pid/exit go to attempts.status beside it
  pid           INTEGER,
  pid_start     TEXT,
  exit_code     INTEGER,
  signal        TEXT,
  error         TEXT,
  kill_reason   TEXT,                       -- timeout | cancel, set before signalling
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER,
  UNIQUE (task_run_id, number)
);

CREATE TABLE events (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  at            INTEGER NOT NULL,
  kind          TEXT    NOT NULL,           -- run | task | attempt
  run_id        INTEGER,
  task_run_id   INTEGER,
  attempt_id    INTEGER,
  from_state    TEXT,
  to_state      TEXT,
  data          TEXT
);
CREATE INDEX events_run ON events(run_id, seq);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
`;
