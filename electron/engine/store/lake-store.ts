/**
 * The store's side of the lake: the partitions published (lake_partitions,
 * one current row per dataset, folder hash and partition) and what names a
 * producer's hash folder (its spec's lake hash; its cache key before those).
 */
import type { Db } from './open-store.js';
import { stmt } from './statements.js';

/** One published partition, as recorded. */
export interface LakePartitionRow {
  readonly dataset: string;
  /** The folder hash: the producer's lake hash. */
  readonly hash: string;
  /** The producing task's cache key (spec hash); null on rows written before lake hashes. */
  readonly cacheKey: string | null;
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

/** Records a published partition; the same partition again (re-published, or an adopting engine) replaces its row. */
export function recordLakePartition(db: Db, row: LakePartitionRow): void {
  stmt(
    db,
    `INSERT INTO lake_partitions (dataset, hash, cache_key, partition_key, path, content_hash, bytes, rows, run_id, task_run_id, attempt, published_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (dataset, hash, partition_key, path) DO UPDATE SET cache_key = excluded.cache_key, content_hash = excluded.content_hash, bytes = excluded.bytes, rows = excluded.rows,
       run_id = excluded.run_id, task_run_id = excluded.task_run_id, attempt = excluded.attempt, published_at = excluded.published_at`,
  ).run(row.dataset, row.hash, row.cacheKey, row.partitionKey, row.path, row.contentHash, row.bytes, row.rows, row.runId, row.taskRunId, row.attempt, row.publishedAt);
}

/** The published partitions of `dataset` (all datasets when omitted), newest first. */
export function lakePartitions(db: Db, dataset?: string): LakePartitionRow[] {
  const rows = (dataset === undefined
    ? stmt(db, 'SELECT * FROM lake_partitions ORDER BY published_at DESC, id DESC').all()
    : stmt(db, 'SELECT * FROM lake_partitions WHERE dataset = ? ORDER BY published_at DESC, id DESC').all(dataset)) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    dataset: r.dataset as string,
    hash: r.hash as string,
    cacheKey: r.cache_key as string | null,
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

/** A task run's cache key (spec hash) and the folder hash its datasets live under. */
export interface TaskHashes {
  readonly taskRunId: number;
  readonly cacheKey: string;
  /** Its spec's lake hash; its cache key for a spec planned before lake hashes. */
  readonly folderHash: string;
}

/** The hashes of `pipeline`'s task in run `runId`, if it has one. */
export function taskHashesInRun(db: Db, runId: number, pipeline: string): TaskHashes | undefined {
  return taskHashes(stmt(db, "SELECT id, spec_hash, json_extract(spec, '$.lake.hash') AS lake_hash FROM task_runs WHERE run_id = ? AND pipeline = ?").get(runId, pipeline));
}

/** The hashes of a task run. */
export function taskHashesOf(db: Db, taskRunId: number): TaskHashes | undefined {
  return taskHashes(stmt(db, "SELECT id, spec_hash, json_extract(spec, '$.lake.hash') AS lake_hash FROM task_runs WHERE id = ?").get(taskRunId));
}

function taskHashes(row: unknown): TaskHashes | undefined {
  const r = row as { id: number; spec_hash: string; lake_hash: string | null } | undefined;
  return r && { taskRunId: r.id, cacheKey: r.spec_hash, folderHash: r.lake_hash ?? r.spec_hash };
}

/** When attempt `number` of a task run started, if it is recorded. */
export function attemptStartedAt(db: Db, taskRunId: number, number: number): number | undefined {
  return (stmt(db, 'SELECT started_at FROM attempts WHERE task_run_id = ? AND number = ?').get(taskRunId, number) as { started_at: number } | undefined)?.started_at;
}

/** Whether an attempt is over (or unknown to this store): its staging directory may go. */
export function attemptIsOver(db: Db, runId: number, taskRunId: number, attempt: number): boolean {
  const row = stmt(db, 'SELECT a.state FROM attempts a JOIN task_runs t ON t.id = a.task_run_id WHERE a.task_run_id = ? AND a.number = ? AND t.run_id = ?').get(taskRunId, attempt, runId) as { state: string } | undefined;
  return row === undefined || row.state !== 'running';
}
