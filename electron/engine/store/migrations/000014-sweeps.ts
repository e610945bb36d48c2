/**
 * Migration 14 (never edit): parameter sweeps (`tickwork sweep`), for
 * sweeps.list / sweeps.results and for re-running only changed trials.
 * - sweeps: one row per time a sweep ran — its name (a declared sweep's, or
 *   an ad-hoc sweep's), pipeline, grid (JSON param → values), mode, state
 *   (running | succeeded | failed | cancelled), where its results table went;
 * - sweep_trials: one row per trial of that time, in grid order: its params
 *   (JSON) and params_key (sorted JSON: the trial's identity), the run and the
 *   target's task run and spec hash (an unchanged trial has the same hash),
 *   state (pending | running | succeeded | failed | cancelled), reused (1:
 *   an earlier identical trial's result stands, nothing ran), its metrics
 *   (JSON), duration and why it failed. run_id has no foreign key: prune may
 *   delete a run, the sweep's record of it stays.
 */
export const migration000014 = `
CREATE TABLE sweeps (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  project       TEXT    NOT NULL,
  project_file  TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  pipeline      TEXT    NOT NULL,
  grid          TEXT    NOT NULL,
  collect       TEXT    NOT NULL,   -- JSON list of metric names
  sort          TEXT,               -- "metric" or "-metric"; NULL: grid order
  mode          TEXT    NOT NULL,
  state         TEXT    NOT NULL,
  results_dir   TEXT,
  created_at    INTEGER NOT NULL,
  finished_at   INTEGER
);
CREATE INDEX sweeps_name ON sweeps(project_file, name, id);

CREATE TABLE sweep_trials (
  sweep_id      INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  params        TEXT    NOT NULL,
  params_key    TEXT    NOT NULL,
  run_id        INTEGER,
  task_run_id   INTEGER,
  spec_hash     TEXT,
  state         TEXT    NOT NULL,
  reused        INTEGER NOT NULL DEFAULT 0,
  metrics       TEXT,
  duration_ms   INTEGER,
  reason        TEXT,
  PRIMARY KEY (sweep_id, position)
) WITHOUT ROWID;
CREATE INDEX sweep_trials_key ON sweep_trials(params_key, sweep_id);
`;
