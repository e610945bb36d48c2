/**
 * The store's side of the lake: the partitions published (lake_partitions)
 * and the cache keys that name a producer's hash directory.
 */
import type { Db } from './open-store.js';
import { stmt } from './statements.js';

/** One published partition, as recorded. */
export interface LakePartitionRow {
  readonly dataset: string;
  readonly hash: string;
  readonly partitionKey: string;
  readonly path: string;
  readonly contentHash: string;
  readonly bytes: number;
  readonly rows: number | null;
  readonly runId: number;
  readonly taskRunId: number;
  readonly attempt: number;
  readonly publishedAt: number;
}

/** Records a published partition; the same partition again (an adopting engine) replaces its row. */
export function recordLakePartition(db: Db, row: LakePartitionRow): void {
  stmt(
    db,
    `INSERT INTO lake_partitions (dataset, hash, partition_key, path, content_hash, bytes, rows, run_id, task_run_id, attempt, published_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (dataset, hash, partition_key, path) DO UPDATE SET content_hash = excluded.content_hash, bytes = excluded.bytes, rows = excluded.rows,
       run_id = excluded.run_id, task_run_id = excluded.task_run_id, attempt = excluded.attempt, published_at = excluded.published_at`,
  ).run(row.dataset, row.hash, row.partitionKey, row.path, row.contentHash, row.bytes, row.rows, row.runId, row.taskRunId, row.attempt, row.publishedAt);
}

/** The published partitions of `dataset` (all datasets when omitted), newest first. */
export function lakePartitions(db: Db, dataset?: string): LakePartitionRow[] {
  const rows = (dataset === undefined
    ? stmt(db, 'SELECT * FROM lake_partitions ORDER BY published_at DESC, id DESC').all()
    : stmt(db, 'SELECT * FROM lake_partitions WHERE dataset = ? ORDER BY published_at DESC, id DESC').all(dataset)) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    dataset: r.dataset as string,
    hash: r.hash as string,
    partitionKey: r.partition_key as string,
    path: r.path as string,
    contentHash: r.content_hash as string,
    bytes: r.bytes as number,
    rows: r.rows as number | null,
    runId: r.run_id as number,
    taskRunId: r.task_run_id as number,
    attempt: r.attempt as number,
    publishedAt: r.published_at as number,
  }));
}

/** The cache key of `pipeline`'s task in run `runId`, if it has one. */
export function specHashInRun(db: Db, runId: number, pipeline: string): string | undefined {
  return (stmt(db, 'SELECT spec_hash FROM task_runs WHERE run_id = ? AND pipeline = ?').get(runId, pipeline) as { spec_hash: string } | undefined)?.spec_hash;
}

/** The cache key of a task run. */
export function specHashOfTask(db: Db, taskRunId: number): string | undefined {
  return (stmt(db, 'SELECT spec_hash FROM task_runs WHERE id = ?').get(taskRunId) as { spec_hash: string } | undefined)?.spec_hash;
}

/** Whether an attempt is over (or unknown to this store): its staging directory may go. */
export function attemptIsOver(db: Db, runId: number, taskRunId: number, attempt: number): boolean {
  const row = stmt(db, 'SELECT a.state FROM attempts a JOIN task_runs t ON t.id = a.task_run_id WHERE a.task_run_id = ? AND a.number = ? AND t.run_id = ?').get(taskRunId, attempt, runId) as { state: string } | undefined;
  return row === undefined || row.state !== 'running';
}
