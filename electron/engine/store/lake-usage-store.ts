/**
 * What `lake gc` asks the store: which published partitions the latest
 * successful result of each pipeline for each partition uses (those are
 * never deleted), and the removal of one partition's row.
 */
import type { Db } from './open-store.js';
import { stmt } from './statements.js';
import type { Partition } from '../../../shared/run-model.js';

/** The latest usable result (succeeded or cached) of one pipeline for one run partition, with what names its datasets. */
export interface LatestLakeResult {
  readonly pipeline: string;
  readonly taskRunId: number;
  /** The run's partition (its date and static keys). */
  readonly partition: Partition;
  /** The hashes a published partition of its may be under: its spec's lake hash and its cache key. */
  readonly hashes: readonly string[];
  /** It, and the tasks it reused a result of (cached_from, followed to the end): the task that published. */
  readonly taskRunIds: readonly number[];
  /** The datasets it provides, as frozen in its spec. */
  readonly outputs: ReadonlyArray<{ readonly name: string; readonly partitionBy: readonly string[] }>;
}

/** The latest succeeded or cached task per (project, pipeline, run partition) of every pipeline that provides a dataset. */
export function latestLakeResults(db: Db): LatestLakeResult[] {
  const rows = stmt(
    db,
    `SELECT id, pipeline, spec_hash, cached_from, json_extract(spec, '$.lake') AS lake, partition FROM (
       SELECT t.id, t.pipeline, t.spec_hash, t.cached_from, t.spec, r.partition,
         ROW_NUMBER() OVER (PARTITION BY r.project_file, t.pipeline, r.partition_key ORDER BY coalesce(t.finished_at, t.created_at) DESC, t.id DESC) AS n
       FROM task_runs t JOIN runs r ON r.id = t.run_id
       WHERE t.state IN ('succeeded', 'cached') AND json_extract(t.spec, '$.lake.outputs[0]') IS NOT NULL)
     WHERE n = 1`,
  ).all() as Array<{ id: number; pipeline: string; spec_hash: string; cached_from: number | null; lake: string; partition: string }>;
  const sourceOf = stmt(db, 'SELECT cached_from FROM task_runs WHERE id = ?');
  return rows.map((row) => {
    const lake = JSON.parse(row.lake) as { hash?: unknown; outputs: Array<{ name: string; partitionBy: string[] }> };
    const taskRunIds = [row.id];
    // A bounded walk: cached_from points from newer to older tasks, so it ends; the bound only guards a corrupt store.
    for (let from = row.cached_from; from !== null && taskRunIds.length < 1000 && !taskRunIds.includes(from); ) {
      taskRunIds.push(from);
      from = (sourceOf.get(from) as { cached_from: number | null } | undefined)?.cached_from ?? null;
    }
    const hashes = typeof lake.hash === 'string' ? [lake.hash, row.spec_hash] : [row.spec_hash];
    return { pipeline: row.pipeline, taskRunId: row.id, partition: JSON.parse(row.partition) as Partition, hashes, taskRunIds, outputs: lake.outputs };
  });
}

/** Which row of lake_partitions to remove: the one gc looked at, not one published again at that path since `seenAt`. */
export interface LakeRowIdentity {
  readonly dataset: string;
  readonly hash: string;
  readonly partitionKey: string;
  readonly path: string;
  /** When gc looked (UTC ms): a row published after it stays. */
  readonly seenAt: number;
}

/** Deletes one partition's row unless it was published again since gc looked; whether it did. */
export function deleteLakePartitionRow(db: Db, row: LakeRowIdentity): boolean {
  const result = stmt(db, 'DELETE FROM lake_partitions WHERE dataset = ? AND hash = ? AND partition_key = ? AND path = ? AND published_at <= ?').run(
    row.dataset,
    row.hash,
    row.partitionKey,
    row.path,
    row.seenAt,
  );
  return result.changes > 0;
}
