/**
 * The upstream results a --no-upstream task can use: finished task runs of an
 * upstream pipeline (succeeded, cached or skipped — what lets a downstream go
 * on inside a run) for a partition with the same static keys and a date on or
 * before the run's. A static key the upstream run lacks — its pipeline does
 * not use it, so fan-out left it out — matches every value: one unpartitioned
 * `prices` run serves the US and the EU run of `report --no-upstream`.
 */
import type { Db } from './open-store.js';
import type { Partition } from '../../../shared/run-model.js';
import { stmt } from './statements.js';

/** Which upstream result to look for. */
export interface UpstreamQuery {
  readonly project: string;
  readonly pipeline: string;
  /** The latest date allowed (YYYY-MM-DD). */
  readonly date: string;
  readonly staticKeys: Readonly<Record<string, string>>;
}

/** One finished upstream task run and the partition of its run. */
export interface UpstreamResult {
  readonly runId: number;
  readonly taskRunId: number;
  readonly partition: Partition;
}

/**
 * The newest usable result: the latest date on or before `date`, and of that
 * date the last to finish. The date bound and the order are in SQL, so a long
 * history of later dates or of other static keys is skipped, not read.
 */
export function latestUpstreamResult(db: Db, query: UpstreamQuery): UpstreamResult | undefined {
  const rows = stmt(
    db,
    `SELECT t.id AS task_run_id, t.run_id AS run_id, r.partition AS run_partition FROM task_runs t JOIN runs r ON r.id = t.run_id
     WHERE r.project = ? AND t.pipeline = ? AND t.state IN ('succeeded', 'cached', 'skipped') AND json_extract(r.partition, '$.date') <= ?
     ORDER BY json_extract(r.partition, '$.date') DESC, t.finished_at DESC, t.id DESC`,
  ).iterate(query.project, query.pipeline, query.date) as IterableIterator<{ task_run_id: number; run_id: number; run_partition: string }>;
  for (const row of rows) {
    const partition = JSON.parse(row.run_partition) as Partition;
    // A key the upstream run does not have is one its pipeline does not use (fan-out leaves it out): any value matches.
    if (Object.entries(query.staticKeys).every(([k, v]) => partition[k] === undefined || partition[k] === v)) {
      rows.return?.();
      return { runId: row.run_id, taskRunId: row.task_run_id, partition };
    }
  }
  return undefined;
}
