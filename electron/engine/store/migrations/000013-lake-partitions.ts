/**
 * Migration 13 (never edit): lake_partitions, one row per dataset partition
 * published to the lake (lake/publish.ts), for `lake ls` and `lake gc`. The
 * lake's `_manifest.json` files are the truth; a row is written in the same
 * transaction that records the producing task succeeded, and again (the same
 * row) by an engine that adopts an attempt whose publish already happened.
 * task_run_id has no foreign key: prune may delete the run, the data stays.
 */
export const migration000013 = `
CREATE TABLE lake_partitions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset        TEXT    NOT NULL,
  hash           TEXT    NOT NULL,   -- the producing task's cache key (its hash directory)
  partition_key  TEXT    NOT NULL,   -- the key=value levels joined by '/', '' without partition_by
  path           TEXT    NOT NULL,   -- absolute directory of the published partition
  content_hash   TEXT    NOT NULL,
  bytes          INTEGER NOT NULL,
  rows           INTEGER,            -- NULL where the format does not tell
  run_id         INTEGER NOT NULL,
  task_run_id    INTEGER NOT NULL,
  attempt        INTEGER NOT NULL,
  published_at   INTEGER NOT NULL,
  UNIQUE (dataset, hash, partition_key, path)
);
CREATE INDEX lake_partitions_dataset ON lake_partitions(dataset, published_at);
`;
