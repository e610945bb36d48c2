/**
 * Migration 12 (never edit): backfills the daemon drives (backfills.*), so
 * their progress survives a page reload and a daemon restart resumes them.
 * - backfills: one row per backfill — what it covers and how it runs, its
 *   state (running | succeeded | failed | cancelled);
 * - backfill_partitions: each partition in the order it runs, its state
 *   (pending | already_done | running | succeeded | failed | cancelled) and
 *   its run. run_id has no foreign key: prune may delete a run, the
 *   backfill's record of it stays.
 */
export const migration000012 = `
CREATE TABLE backfills (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  project       TEXT    NOT NULL,
  project_file  TEXT    NOT NULL,
  target        TEXT    NOT NULL,
  from_date     TEXT    NOT NULL,
  to_date       TEXT    NOT NULL,
  calendar      TEXT,               -- the trading calendar whose days it covers; NULL: every calendar day
  fixed         TEXT    NOT NULL,   -- JSON object: static keys fixed to one value
  params        TEXT    NOT NULL,   -- JSON object
  concurrency   INTEGER NOT NULL,
  newest_first  INTEGER NOT NULL,
  state         TEXT    NOT NULL,
  error         TEXT,
  created_at    INTEGER NOT NULL,
  finished_at   INTEGER
);
CREATE INDEX backfills_state ON backfills(state);

CREATE TABLE backfill_partitions (
  backfill_id   INTEGER NOT NULL REFERENCES backfills(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,   -- order of running, from 0
  partition_key TEXT    NOT NULL,
  partition     TEXT    NOT NULL,   -- JSON object, always has "date"
  state         TEXT    NOT NULL,
  run_id        INTEGER,
  started_at    INTEGER,            -- when the backfill started (or took over) its run
  finished_at   INTEGER,
  PRIMARY KEY (backfill_id, position)
) WITHOUT ROWID;
CREATE UNIQUE INDEX backfill_partitions_key ON backfill_partitions(backfill_id, partition_key);
CREATE INDEX backfill_partitions_state ON backfill_partitions(backfill_id, state);
`;
