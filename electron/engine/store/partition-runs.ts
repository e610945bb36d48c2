/** The latest run of each partition of one target over a date range: one range scan of the runs_target_partition index (migration 11). */
import type { Db } from './open-store.js';
import type { RunState } from '../../../shared/state-machines.js';
import { stmt } from './statements.js';

/** The latest run of one partition, and how many it had. */
export interface PartitionLatest {
  readonly partitionKey: string;
  readonly runId: number;
  readonly state: RunState;
  readonly runs: number;
}

/**
 * Per partition key of runs of exactly `targets` in `projectFile` dated
 * from..to (YYYY-MM-DD, inclusive), its newest run. A partition key starts
 * with `date=YYYY-MM-DD`, so the dates are a range of the index.
 */
export function latestRunPerPartition(db: Db, projectFile: string, targets: readonly string[], from: string, to: string): PartitionLatest[] {
  // SQLite takes the bare columns of a max() aggregate from the row holding the max: the newest run's state.
  const rows = stmt(
    db,
    `SELECT partition_key, max(id) AS id, state, count(*) AS runs FROM runs
     WHERE project_file = ? AND targets = ? AND partition_key >= ? AND partition_key < ?
     GROUP BY partition_key ORDER BY partition_key`,
  ).all(projectFile, JSON.stringify(targets), `date=${from}`, `date=${to}~`) as Array<{ partition_key: string; id: number; state: RunState; runs: number }>;
  return rows.map((row) => ({ partitionKey: row.partition_key, runId: row.id, state: row.state, runs: row.runs }));
}
